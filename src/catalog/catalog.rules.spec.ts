import { duplicateSkus, isValidSku, isValidSlug, normalizeSku, slugCandidates, slugify } from './catalog.rules';

describe('slugify', () => {
  it('transliterates Kazakh letters', () => {
    expect(slugify('Қазына Шеберханасы')).toBe('qazyna-sheberkhanasy');
    expect(slugify('Әсем Өрнек')).toBe('asem-ornek');
    expect(slugify('Ұлттық Үй Һ')).toBe('ulttyq-uy-h');
  });

  it('transliterates Russian and keeps Latin', () => {
    expect(slugify('Войлочная мастерская')).toBe('voylochnaya-masterskaya');
    expect(slugify('Silk Road Crafts!')).toBe('silk-road-crafts');
  });

  it('always yields a valid slug', () => {
    for (const name of ['!!', 'Я', 'admin', 'Дом', 'a'.repeat(200), '---x---']) {
      expect(isValidSlug(slugify(name))).toBe(true);
    }
  });
});

describe('isValidSlug', () => {
  it.each(['kilem-house', 'abc', 'a1-b2'])('accepts %s', (s) => expect(isValidSlug(s)).toBe(true));
  it.each(['ab', 'Kilem', '-abc', 'abc-', 'a--b', 'кілем', 'admin', 'a_b', 'a'.repeat(61)])('refuses %s', (s) =>
    expect(isValidSlug(s)).toBe(false),
  );
});

describe('slugCandidates', () => {
  it('suffixes numbers', () => expect(slugCandidates('kilem', 3)).toEqual(['kilem', 'kilem-2', 'kilem-3']));
});

describe('SKU rules', () => {
  it('normalises case and whitespace', () => expect(normalizeSku('  kilem-01 ')).toBe('KILEM-01'));
  it.each(['KILEM-01', 'a', 'felt_2/red.L'])('accepts %s', (s) => expect(isValidSku(s)).toBe(true));
  it.each(['', ' ', '-A', 'кілем', 'A B', 'A'.repeat(65)])('refuses %p', (s) => expect(isValidSku(s)).toBe(false));
  it('finds duplicates regardless of case', () => {
    expect(duplicateSkus(['a-1', 'A-1', 'b'])).toEqual(['A-1']);
    expect(duplicateSkus(['a', 'b'])).toEqual([]);
  });
});
