import { LocalizedText } from '../common/locale';

export interface SubmissionProblem {
  check: string;
  message: string;
}

/**
 * What a listing needs before a moderator sees it. Later checks (images, price
 * bounds, banned terms) join this list.
 */
export function submissionProblems(listing: {
  title: LocalizedText;
  description: LocalizedText;
  activeVariants: number;
  madeToOrder: boolean;
  leadTimeDays: number | null;
}): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const has = (t: LocalizedText, ...langs: (keyof LocalizedText)[]) => langs.some((l) => (t[l] ?? '').trim().length > 0);
  if (!has(listing.title, 'kk', 'ru')) problems.push({ check: 'title', message: 'A title in Kazakh or Russian is required' });
  if (!has(listing.description, 'kk', 'ru')) {
    problems.push({ check: 'description', message: 'A description in Kazakh or Russian is required' });
  }
  if (listing.activeVariants < 1) problems.push({ check: 'variants', message: 'At least one variant with a price is required' });
  if (listing.madeToOrder && !listing.leadTimeDays) {
    problems.push({ check: 'lead_time', message: 'A made-to-order listing needs its lead time in days' });
  }
  return problems;
}
