import { transliterate } from '../common/transliterate';

/** Slugs: 3–60 lower-case Latin letters, digits and single dashes, not starting or ending with one. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,59}$/;
const RESERVED_SLUGS = new Set(['me', 'new', 'admin', 'api', 'shops', 'docs', 'health', 'sheber']);

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}

/** A slug from a shop name in any of our languages: "Қазына Шеберханасы" → "qazyna-sheberkhanasy". */
export function slugify(name: string): string {
  const base = transliterate(name.normalize('NFKC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return base.length >= 3 && !RESERVED_SLUGS.has(base) ? base : `shop-${base || 'new'}`.slice(0, 50).replace(/-+$/g, '');
}

/** Suffixed candidates for when a slug is taken: name, name-2, name-3, … */
export function slugCandidates(base: string, count = 5): string[] {
  return [base, ...Array.from({ length: count - 1 }, (_, i) => `${base}-${i + 2}`)];
}

/**
 * SKUs are compared case-insensitively and stored upper-case: "kilem-01" and "KILEM-01"
 * are one SKU. 1–64 Latin letters, digits, dash, underscore, dot and slash.
 */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._/-]{0,63}$/;

export function normalizeSku(sku: string): string {
  return sku.trim().toUpperCase();
}

export function isValidSku(sku: string): boolean {
  return SKU_PATTERN.test(normalizeSku(sku));
}

/** SKUs that occur more than once in one request, after normalising. */
export function duplicateSkus(skus: string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const sku of skus.map(normalizeSku)) (seen.has(sku) ? dupes : seen).add(sku);
  return [...dupes];
}
