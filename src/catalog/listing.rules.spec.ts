import { submissionProblems } from './listing.rules';

const ok = { title: { kk: 'Сырмақ' }, description: { ru: 'Войлочный ковёр' }, activeVariants: 1, madeToOrder: false, leadTimeDays: null };

describe('submissionProblems', () => {
  it('passes a complete listing', () => expect(submissionProblems(ok)).toEqual([]));

  it('needs Kazakh or Russian text, English alone is not enough', () => {
    const checks = submissionProblems({ ...ok, title: { en: 'Rug' }, description: { en: 'Felt' } }).map((p) => p.check);
    expect(checks).toEqual(['title', 'description']);
  });

  it('treats blank text as missing', () => {
    expect(submissionProblems({ ...ok, title: { kk: '   ' } }).map((p) => p.check)).toEqual(['title']);
  });

  it('needs a variant and a lead time for made-to-order', () => {
    const checks = submissionProblems({ ...ok, activeVariants: 0, madeToOrder: true, leadTimeDays: null }).map((p) => p.check);
    expect(checks).toEqual(['variants', 'lead_time']);
  });
});
