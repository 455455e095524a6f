import type { Locale, LocalizedText } from '../common/locale';
import { CURRENCIES, Currency, CURRENCY_CODES, Money } from '../common/money';
import { formatMoney } from '../notifications/money-format';
import { BannedTerms } from './banned-terms';

/**
 * The automatic checks on a listing's content, run when a maker submits it for review
 * and when they edit a published listing. Every failing check is reported, in the order
 * of `CheckCode`, with a message in the maker's language.
 */
export type CheckCode = 'title' | 'description' | 'images' | 'variants' | 'price' | 'stock' | 'lead_time' | 'banned_terms';

export interface SubmissionProblem {
  check: CheckCode;
  /** Path of the offending input (`title.kk`, `variants.0.price`), for the form to point at. */
  field: string;
  message: string;
  /** banned_terms only: the terms found, as written in the list. */
  terms?: string[];
}

export interface ListingCheckInput {
  title: LocalizedText;
  description: LocalizedText;
  materials: string[];
  /** How many images the listing has. */
  images: number;
  /** Active variants only. */
  variants: { sku: string; price: Money; stock: number }[];
  madeToOrder: boolean;
  leadTimeDays: number | null;
}

type Bounds = { min: number; max: number };

export interface CheckRules {
  /** Characters after trim, of each Kazakh and Russian title given. */
  titleLength: Bounds;
  /** Characters after trim, of each Kazakh and Russian description given. */
  descriptionLength: Bounds;
  minImages: number;
  /** Minor units, inclusive; a currency without bounds is not checked. */
  priceBounds: Partial<Record<Currency, Bounds>>;
  maxLeadTimeDays: number;
  bannedTerms: BannedTerms;
}

export const DEFAULT_CHECK_RULES: Omit<CheckRules, 'priceBounds' | 'bannedTerms'> = {
  titleLength: { min: 3, max: 200 },
  descriptionLength: { min: 20, max: 5000 },
  minImages: 1,
  maxLeadTimeDays: 180,
};

// Kazakh or Russian text is what moderators and most buyers read; English is optional.
const REQUIRED_LANGUAGES = ['kk', 'ru'] as const;
const ALL_LANGUAGES = ['kk', 'ru', 'en'] as const;

/**
 * The problems that keep `listing` from going to review; empty when it may go.
 *
 * Banned terms are looked for in every title, description (all three languages) and
 * material, and reported as one problem with all the distinct terms found, in the order
 * first met (titles kk, ru, en, then descriptions, then materials). Its `field` is the
 * first place a term was found (`description.ru`, `materials.2`): one place for the form
 * to point at, the `terms` say what to remove everywhere.
 *
 * `stock` is only judged when there is a variant: with none, `variants` already says so.
 */
export function listingCheckProblems(listing: ListingCheckInput, rules: CheckRules, locale: Locale): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const say = <K extends MessageKey>(check: CheckCode, field: string, key: K, ...params: MessageParams<K>) => {
    const message = (MESSAGES[key][locale] as (...p: MessageParams<K>) => string)(...params);
    problems.push({ check, field, message });
  };

  for (const [check, text, bounds] of [
    ['title', listing.title, rules.titleLength],
    ['description', listing.description, rules.descriptionLength],
  ] as const) {
    const given = REQUIRED_LANGUAGES.filter((lang) => (text[lang] ?? '').trim() !== '');
    if (given.length === 0) say(check, check, `${check}_missing`);
    for (const lang of given) {
      const length = [...text[lang]!.trim()].length;
      if (length < bounds.min || length > bounds.max) say(check, `${check}.${lang}`, `${check}_length`, lang, bounds, length);
    }
  }

  if (listing.images < rules.minImages) say('images', 'images', 'images', rules.minImages, listing.images);

  if (listing.variants.length === 0) say('variants', 'variants', 'variants');

  listing.variants.forEach((variant, i) => {
    const bounds = rules.priceBounds[variant.price.currency];
    if (bounds && (variant.price.amount < bounds.min || variant.price.amount > bounds.max)) {
      const { currency } = variant.price;
      const range = `${formatMoney({ amount: bounds.min, currency }, locale)} – ${formatMoney({ amount: bounds.max, currency }, locale)}`;
      say('price', `variants.${i}.price`, 'price', variant.sku, range, formatMoney(variant.price, locale));
    }
  });

  if (!listing.madeToOrder && listing.variants.length > 0 && !listing.variants.some((v) => v.stock > 0)) {
    say('stock', 'variants', 'stock');
  }

  if (listing.madeToOrder) {
    const days = listing.leadTimeDays;
    if (days === null || !Number.isInteger(days) || days < 1 || days > rules.maxLeadTimeDays) {
      say('lead_time', 'leadTimeDays', 'lead_time', rules.maxLeadTimeDays, days);
    }
  }

  const banned = bannedTermsIn(listing, rules.bannedTerms);
  if (banned) {
    const message = MESSAGES.banned_terms[locale](banned.terms);
    problems.push({ check: 'banned_terms', field: banned.field, message, terms: banned.terms });
  }
  return problems;
}

function bannedTermsIn(listing: ListingCheckInput, bannedTerms: BannedTerms): { field: string; terms: string[] } | null {
  const places: [field: string, text: string | undefined][] = [
    ...ALL_LANGUAGES.map((lang) => [`title.${lang}`, listing.title[lang]] as [string, string | undefined]),
    ...ALL_LANGUAGES.map((lang) => [`description.${lang}`, listing.description[lang]] as [string, string | undefined]),
    ...listing.materials.map((material, i) => [`materials.${i}`, material] as [string, string]),
  ];
  let field: string | null = null;
  const terms = new Set<string>();
  for (const [place, text] of places) {
    const found = text ? bannedTerms.find(text) : [];
    if (found.length > 0) field ??= place;
    for (const term of found) terms.add(term);
  }
  return field === null ? null : { field, terms: [...terms] };
}

/**
 * Price bounds from configuration, e.g. `KZT:10000-5000000000,USD:100-10000000`: per
 * currency the least and greatest price in minor units, inclusive. A blank spec sets
 * no bounds. Throws on anything it cannot read, so a typo stops start-up instead of
 * switching the check off.
 */
export function parsePriceBounds(spec: string): Partial<Record<Currency, Bounds>> {
  const bounds: Partial<Record<Currency, Bounds>> = {};
  if (spec.trim() === '') return bounds;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const refuse = (why: string): never => {
      throw new Error(`price bounds "${spec}": ${why}`);
    };
    const match = /^([A-Za-z]+)\s*:\s*(\d+)\s*-\s*(\d+)$/.exec(item);
    if (!match) refuse(`"${item}" is not CURRENCY:MIN-MAX with MIN and MAX in minor units`);
    const [, code, minText, maxText] = match!;
    if (!Object.hasOwn(CURRENCIES, code)) refuse(`unknown currency "${code}", expected one of ${CURRENCY_CODES.join(', ')}`);
    const currency = code as Currency;
    const [min, max] = [Number(minText), Number(maxText)];
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) refuse(`"${item}" is too large`);
    if (min > max) refuse(`${currency} minimum ${min} is greater than its maximum ${max}`);
    if (bounds[currency]) refuse(`${currency} is given twice`);
    bounds[currency] = { min, max };
  }
  return bounds;
}

// ---------------------------------------------------------------------------------------
// Messages, in Kazakh, Russian and English. Russian avoids putting a noun after a number
// it would have to agree with ("до 200 симв.", "дн."); Kazakh needs no agreement.
// ---------------------------------------------------------------------------------------

type Language = (typeof REQUIRED_LANGUAGES)[number];

const LANGUAGE_NAMES: Record<Locale, Record<Language, string>> = {
  kk: { kk: 'Қазақ тіліндегі', ru: 'Орыс тіліндегі' },
  ru: { kk: 'на казахском языке', ru: 'на русском языке' },
  en: { kk: 'Kazakh', ru: 'Russian' },
};

const quoted = (terms: string[], open: string, close: string) => terms.map((t) => `${open}${t}${close}`).join(', ');

const MESSAGES = {
  title_missing: {
    kk: () => 'Атауды қазақ немесе орыс тілінде жазыңыз',
    ru: () => 'Укажите название на казахском или русском языке',
    en: () => 'Give the listing a title in Kazakh or Russian',
  },
  title_length: {
    kk: (lang: Language, b: Bounds, length: number) =>
      `${LANGUAGE_NAMES.kk[lang]} атаудың ұзындығы ${b.min}–${b.max} таңба болуы керек (қазір ${length})`,
    ru: (lang: Language, b: Bounds, length: number) =>
      `Название ${LANGUAGE_NAMES.ru[lang]} должно быть длиной от ${b.min} до ${b.max} симв. (сейчас ${length})`,
    en: (lang: Language, b: Bounds, length: number) =>
      `The ${LANGUAGE_NAMES.en[lang]} title must be ${b.min} to ${b.max} characters long (it is ${length})`,
  },
  description_missing: {
    kk: () => 'Сипаттаманы қазақ немесе орыс тілінде жазыңыз',
    ru: () => 'Добавьте описание на казахском или русском языке',
    en: () => 'Describe the listing in Kazakh or Russian',
  },
  description_length: {
    kk: (lang: Language, b: Bounds, length: number) =>
      `${LANGUAGE_NAMES.kk[lang]} сипаттаманың ұзындығы ${b.min}–${b.max} таңба болуы керек (қазір ${length})`,
    ru: (lang: Language, b: Bounds, length: number) =>
      `Описание ${LANGUAGE_NAMES.ru[lang]} должно быть длиной от ${b.min} до ${b.max} симв. (сейчас ${length})`,
    en: (lang: Language, b: Bounds, length: number) =>
      `The ${LANGUAGE_NAMES.en[lang]} description must be ${b.min} to ${b.max} characters long (it is ${length})`,
  },
  images: {
    kk: (min: number, count: number) => `Кемінде ${min} сурет қосыңыз (қазір ${count})`,
    ru: (min: number, count: number) => `Добавьте фотографии: нужно не меньше ${min}, сейчас ${count}`,
    en: (min: number, count: number) => `Add at least ${min} ${min === 1 ? 'photo' : 'photos'} (there ${count === 1 ? 'is' : 'are'} ${count})`,
  },
  variants: {
    kk: () => 'Бағасы көрсетілген кемінде бір нұсқа қосыңыз',
    ru: () => 'Добавьте хотя бы один вариант с ценой',
    en: () => 'Add at least one variant with a price',
  },
  price: {
    kk: (sku: string, range: string, price: string) => `${sku} нұсқасының бағасы ${range} аралығында болуы керек (қазір ${price})`,
    ru: (sku: string, range: string, price: string) => `Цена варианта ${sku} должна быть в пределах ${range} (сейчас ${price})`,
    en: (sku: string, range: string, price: string) => `The price of variant ${sku} must be within ${range} (it is ${price})`,
  },
  stock: {
    kk: () => 'Сататын ештеңе жоқ: дайын тауардың кемінде бір нұсқасы қоймада бар болуы керек',
    ru: () => 'Нечего продавать: у готового товара хотя бы один вариант должен быть в наличии',
    en: () => 'Nothing to sell: a ready-made listing needs at least one variant in stock',
  },
  lead_time: {
    kk: (max: number, days: number | null) =>
      `Тапсырыспен жасалатын тауардың дайындау мерзімі 1–${max} күн болуы керек${days === null ? '' : ` (қазір ${days})`}`,
    ru: (max: number, days: number | null) =>
      `Срок изготовления товара на заказ должен быть от 1 до ${max} дн.${days === null ? '' : ` (сейчас ${days})`}`,
    en: (max: number, days: number | null) =>
      `A made-to-order listing needs a lead time of 1 to ${max} days${days === null ? '' : ` (it is ${days})`}`,
  },
  banned_terms: {
    kk: (terms: string[]) => `Тыйым салынған сөздерді алып тастаңыз: ${quoted(terms, '«', '»')}`,
    ru: (terms: string[]) => `Уберите запрещённые слова: ${quoted(terms, '«', '»')}`,
    en: (terms: string[]) => `Remove the prohibited words: ${quoted(terms, '“', '”')}`,
  },
} satisfies Record<string, Record<Locale, (...params: never[]) => string>>;

type MessageKey = keyof typeof MESSAGES;
type MessageParams<K extends MessageKey> = Parameters<(typeof MESSAGES)[K]['en']>;
