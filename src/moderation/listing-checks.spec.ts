import { LOCALES, Locale } from '../common/locale';
import { money } from '../common/money';
import { BannedTerms } from './banned-terms';
import { CheckRules, DEFAULT_CHECK_RULES, ListingCheckInput, listingCheckProblems, parsePriceBounds, SubmissionProblem } from './listing-checks';

// Intl puts a no-break space (U+00A0) in kk/ru amounts.
const nbsp = (s: string) => s.replace(/ /g, '\u00a0');

const rules: CheckRules = {
  ...DEFAULT_CHECK_RULES,
  priceBounds: parsePriceBounds('KZT:10000-5000000000,USD:100-10000000'),
  bannedTerms: BannedTerms.parse('# test list\nкокаин*\nреплик*\nfake brand*\ncounterfeit'),
};

const ok: ListingCheckInput = {
  title: { kk: 'Киіз үй сырмағы', ru: 'Войлочный ковёр' },
  description: { kk: 'Қолдан тоқылған сырмақ, табиғи қой жүні.', ru: 'Войлочный ковёр ручной работы из овечьей шерсти.' },
  materials: ['жүн', 'шерсть'],
  images: 3,
  variants: [{ sku: 'RUG-1', price: money(2500000, 'KZT'), stock: 2 }],
  madeToOrder: false,
  leadTimeDays: null,
};

const problems = (listing: Partial<ListingCheckInput>, locale: Locale = 'en', with_: Partial<CheckRules> = {}) =>
  listingCheckProblems({ ...ok, ...listing }, { ...rules, ...with_ }, locale);
const checks = (listing: Partial<ListingCheckInput>, with_: Partial<CheckRules> = {}) =>
  problems(listing, 'en', with_).map((p) => p.check);
const fields = (listing: Partial<ListingCheckInput>) => problems(listing).map((p) => `${p.check} ${p.field}`);
const chars = (n: number) => 'ш'.repeat(n);

describe('listingCheckProblems', () => {
  it.each(LOCALES)('passes a complete listing (%s)', (locale) => {
    expect(listingCheckProblems(ok, rules, locale)).toEqual([]);
  });

  describe('title', () => {
    it('needs a Kazakh or Russian title; English alone does not count', () => {
      expect(fields({ title: { en: 'Felt rug' } })).toEqual(['title title']);
      expect(fields({ title: {} })).toEqual(['title title']);
      expect(checks({ title: { kk: 'Сырмақ' } })).toEqual([]);
      expect(checks({ title: { ru: 'Ковёр' } })).toEqual([]);
    });

    it('treats a blank title as missing', () => {
      expect(fields({ title: { kk: '   ', ru: '', en: 'Rug' } })).toEqual(['title title']);
      expect(checks({ title: { kk: '  ', ru: 'Ковёр' } })).toEqual([]);
    });

    it('holds each Kazakh and Russian title to the length, after trimming', () => {
      expect(fields({ title: { kk: 'Ай', ru: chars(201) } })).toEqual(['title title.kk', 'title title.ru']);
      expect(fields({ title: { kk: '  Ай  ', ru: 'Ковёр' } })).toEqual(['title title.kk']);
      expect(checks({ title: { kk: chars(3), ru: chars(200) } })).toEqual([]);
      expect(checks({ title: { kk: 'Сырмақ', en: 'x' } })).toEqual([]); // English is not held to it
    });

    it('counts characters, not UTF-16 units', () => {
      expect(checks({ title: { kk: '🧶🧶🧶' } })).toEqual([]);
      expect(checks({ title: { kk: '🧶'.repeat(200) } })).toEqual([]);
      expect(checks({ title: { kk: '🧶'.repeat(201) } })).toEqual(['title']);
    });

    it('follows the configured length', () => {
      expect(checks({ title: { kk: 'Сырмақ' } }, { titleLength: { min: 10, max: 20 } })).toEqual(['title']);
    });
  });

  describe('description', () => {
    it('needs a Kazakh or Russian description; English alone does not count', () => {
      expect(fields({ description: { en: 'A hand-felted rug of sheep wool.' } })).toEqual(['description description']);
      expect(fields({ description: { kk: ' ', ru: '\n' } })).toEqual(['description description']);
      expect(checks({ description: { ru: ok.description.ru } })).toEqual([]);
    });

    it('holds each Kazakh and Russian description to the length', () => {
      expect(fields({ description: { kk: 'Қысқа', ru: chars(5001) } })).toEqual(['description description.kk', 'description description.ru']);
      expect(checks({ description: { kk: chars(20), ru: chars(5000) } })).toEqual([]);
      expect(checks({ description: { kk: chars(19) } })).toEqual(['description']);
    });
  });

  describe('images', () => {
    it('needs at least minImages', () => {
      expect(fields({ images: 0 })).toEqual(['images images']);
      expect(checks({ images: 1 })).toEqual([]);
      expect(checks({ images: 2 }, { minImages: 3 })).toEqual(['images']);
      expect(checks({ images: 3 }, { minImages: 3 })).toEqual([]);
    });
  });

  describe('variants', () => {
    it('needs an active variant, and then does not also complain about stock', () => {
      expect(fields({ variants: [] })).toEqual(['variants variants']);
    });
  });

  describe('price', () => {
    const variant = (amount: number, currency: 'KZT' | 'USD' | 'RUB' = 'KZT', sku = 'RUG-1') => ({ sku, price: money(amount, currency), stock: 1 });

    it('keeps each price within its currency bounds, inclusive', () => {
      expect(checks({ variants: [variant(10000), variant(5000000000), variant(100, 'USD'), variant(10000000, 'USD')] })).toEqual([]);
      expect(fields({ variants: [variant(9999)] })).toEqual(['price variants.0.price']);
      expect(fields({ variants: [variant(20000), variant(5000000001, 'KZT', 'RUG-2'), variant(99, 'USD', 'RUG-3')] })).toEqual([
        'price variants.1.price',
        'price variants.2.price',
      ]);
    });

    it('leaves a currency without bounds unchecked', () => {
      expect(checks({ variants: [variant(1, 'RUB')] })).toEqual([]);
      expect(checks({ variants: [variant(1)] }, { priceBounds: {} })).toEqual([]);
    });

    it('names the bounds and the price in money people read', () => {
      const [ru] = problems({ variants: [variant(5000)] }, 'ru');
      expect(ru.message).toBe(`Цена варианта RUG-1 должна быть в пределах ${nbsp('100 ₸')} – ${nbsp('50 000 000 ₸')} (сейчас ${nbsp('50 ₸')})`);
      const [en] = problems({ variants: [variant(50, 'USD', 'BAG-S')] }, 'en');
      expect(en.message).toBe('The price of variant BAG-S must be within $1 – $100,000 (it is $0.50)');
      const [kk] = problems({ variants: [variant(6000000000)] }, 'kk');
      expect(kk.message).toContain(`${nbsp('100 ₸')} – ${nbsp('50 000 000 ₸')}`);
      expect(kk.message).toContain(nbsp('60 000 000 ₸'));
    });
  });

  describe('stock', () => {
    const stocked = (...stocks: number[]) => stocks.map((stock, i) => ({ sku: `S${i}`, price: money(20000, 'KZT'), stock }));

    it('needs a ready-made listing to have something in stock', () => {
      expect(fields({ variants: stocked(0, 0) })).toEqual(['stock variants']);
      expect(checks({ variants: stocked(0, 1) })).toEqual([]);
    });

    it('lets a made-to-order listing sell with no stock', () => {
      expect(checks({ variants: stocked(0), madeToOrder: true, leadTimeDays: 14 })).toEqual([]);
    });
  });

  describe('lead_time', () => {
    it('needs a made-to-order listing to take 1 to maxLeadTimeDays days', () => {
      for (const days of [1, 14, 180]) expect(checks({ madeToOrder: true, leadTimeDays: days })).toEqual([]);
      for (const days of [null, 0, -3, 181, 2.5]) {
        expect([days, fields({ madeToOrder: true, leadTimeDays: days })]).toEqual([days, ['lead_time leadTimeDays']]);
      }
      expect(checks({ madeToOrder: true, leadTimeDays: 60 }, { maxLeadTimeDays: 30 })).toEqual(['lead_time']);
    });

    it('ignores a lead time on a ready-made listing', () => {
      expect(checks({ madeToOrder: false, leadTimeDays: 999 })).toEqual([]);
      expect(checks({ madeToOrder: false, leadTimeDays: 0 })).toEqual([]);
    });
  });

  describe('banned_terms', () => {
    it('looks in every title, description and material, and reports all terms once', () => {
      const found = problems({
        title: { ...ok.title, en: 'Felt rug, not a fake brand' },
        description: { ...ok.description, kk: 'Кокаинсіз, бірақ counterfeit емес. Реплика емес.' },
        materials: ['жүн', 'fake brands'],
      });
      expect(found).toEqual([
        {
          check: 'banned_terms',
          field: 'title.en',
          message: 'Remove the prohibited words: “fake brand”, “кокаин”, “реплик”, “counterfeit”',
          terms: ['fake brand', 'кокаин', 'реплик', 'counterfeit'],
        },
      ]);
    });

    it('points at the first place a term was found', () => {
      expect(fields({ materials: ['жүн', 'kokain'] })).toEqual(['banned_terms materials.1']);
      expect(fields({ description: { ...ok.description, ru: 'Качественная РЕПЛИКА известной сумки' } })).toEqual([
        'banned_terms description.ru',
      ]);
    });

    it('finds nothing in an innocent listing or with an empty list', () => {
      expect(checks({ title: { kk: 'Кокаин' } }, { bannedTerms: BannedTerms.empty })).toEqual([]);
      expect(checks({ materials: [] })).toEqual([]);
    });
  });

  describe('all together', () => {
    const readyMadeWrong: Partial<ListingCheckInput> = {
      title: { en: 'Fake brand bag' },
      description: { ru: 'Коротко' },
      images: 0,
      variants: [{ sku: 'BAG-1', price: money(100, 'KZT'), stock: 0 }],
    };
    const madeToOrderWrong: Partial<ListingCheckInput> = {
      title: { kk: 'Ай' },
      description: {},
      images: 0,
      variants: [],
      madeToOrder: true,
      leadTimeDays: null,
      materials: ['кокаин'],
    };

    it('reports every failure, in the order of the checks', () => {
      expect(checks(readyMadeWrong)).toEqual(['title', 'description', 'images', 'price', 'stock', 'banned_terms']);
      expect(checks(madeToOrderWrong)).toEqual(['title', 'description', 'images', 'variants', 'lead_time', 'banned_terms']);
    });

    it('words every message in Kazakh, Russian and English, differently and in the right script', () => {
      const missing: Partial<ListingCheckInput> = { title: {}, description: {} };
      for (const listing of [readyMadeWrong, madeToOrderWrong, missing]) {
        const [kk, ru, en] = (['kk', 'ru', 'en'] as const).map((locale) => problems(listing, locale));
        expect(ru.map(withoutMessage)).toEqual(kk.map(withoutMessage));
        expect(en.map(withoutMessage)).toEqual(kk.map(withoutMessage));
        kk.forEach((problem, i) => {
          const messages = [kk[i].message, ru[i].message, en[i].message];
          expect(new Set(messages).size).toBe(3);
          for (const message of messages) expect(message.trim().length).toBeGreaterThan(10);
          expect(kk[i].message).toMatch(/[а-яәғқңөұүһі]/i);
          expect(ru[i].message).toMatch(/[а-яё]/i);
          if (problem.check !== 'banned_terms') expect(en[i].message).not.toMatch(/\p{Script=Cyrillic}/u);
        });
      }
    });

    it('writes Kazakh messages with Kazakh letters', () => {
      const kk = problems(madeToOrderWrong, 'kk').map((p) => p.message);
      expect(kk.filter((m) => /[әғқңөұүһі]/.test(m))).toHaveLength(kk.length);
    });
  });
});

const withoutMessage = ({ message: _, ...rest }: SubmissionProblem) => rest;

describe('parsePriceBounds', () => {
  it('reads bounds per currency in minor units', () => {
    expect(parsePriceBounds('KZT:10000-5000000000,USD:100-10000000')).toEqual({
      KZT: { min: 10000, max: 5000000000 },
      USD: { min: 100, max: 10000000 },
    });
    expect(parsePriceBounds(' RUB : 0 - 0 , EUR:1-2 ')).toEqual({ RUB: { min: 0, max: 0 }, EUR: { min: 1, max: 2 } });
  });

  it('sets no bounds for a blank spec', () => {
    expect(parsePriceBounds('')).toEqual({});
    expect(parsePriceBounds('  ')).toEqual({});
  });

  it.each([
    ['KZT', 'is not CURRENCY:MIN-MAX'],
    ['KZT:100', 'is not CURRENCY:MIN-MAX'],
    ['KZT:100-', 'is not CURRENCY:MIN-MAX'],
    ['KZT:-5-100', 'is not CURRENCY:MIN-MAX'],
    ['KZT:1.5-100', 'is not CURRENCY:MIN-MAX'],
    ['KZT:1e3-1e6', 'is not CURRENCY:MIN-MAX'],
    ['KZT:1-2,', 'is not CURRENCY:MIN-MAX'],
    ['KZT:1-2;USD:1-2', 'is not CURRENCY:MIN-MAX'],
    ['XYZ:1-2', 'unknown currency "XYZ", expected one of KZT, RUB, USD, EUR'],
    ['kzt:1-2', 'unknown currency "kzt"'],
    ['constructor:1-2', 'unknown currency "constructor"'],
    ['KZT:5000-100', 'KZT minimum 5000 is greater than its maximum 100'],
    ['KZT:1-2,KZT:3-4', 'KZT is given twice'],
    ['KZT:1-99999999999999999999', 'is too large'],
  ])('refuses %j', (spec, why) => {
    expect(() => parsePriceBounds(spec)).toThrow(`price bounds "${spec}": `);
    expect(() => parsePriceBounds(spec)).toThrow(why);
  });
});
