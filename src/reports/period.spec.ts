import { previousMonth } from './monthly-reports';
import { periodOf } from './period';

describe('report periods (Asia/Almaty)', () => {
  it.each([
    ['2026-12-01T01:00:00Z', '2026-11-01', '2026-11-30'],
    ['2027-01-01T06:00:00Z', '2026-12-01', '2026-12-31'],
    ['2028-03-01T00:00:00Z', '2028-02-01', '2028-02-29'], // a leap year
    // 30 November 19:30 UTC is already 1 December in Almaty (UTC+5): the month before is November.
    ['2026-11-30T19:30:00Z', '2026-11-01', '2026-11-30'],
    ['2026-11-30T18:30:00Z', '2026-10-01', '2026-10-31'],
  ])('the month before %s is %s – %s', (now, from, to) => {
    expect(previousMonth(new Date(now))).toEqual({ from, to });
  });

  it('defaults to this month so far, in Almaty time, and refuses a period that ends before it starts', () => {
    expect(periodOf({}, new Date('2026-11-30T19:30:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(periodOf({ from: '2026-11-05' }, new Date('2026-11-22T10:00:00Z'))).toEqual({ from: '2026-11-05', to: '2026-11-22' });
    expect(() => periodOf({ from: '2026-11-05', to: '2026-11-04' })).toThrow(/must not be after/);
  });
});
