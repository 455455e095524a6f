import fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { transliterate } from '../common/transliterate';
import { BannedTerms } from './banned-terms';

const LIST = `
# A small list for the tests; comments and blank lines are skipped.

кілем*
кокаин
# героин is commented out
наша
қылыш
поддельный бренд
слоновая кость
fake brand*
cocaine
replica
gun
`;

const terms = BannedTerms.parse(LIST);
const find = (text: string) => terms.find(text);

describe('BannedTerms.parse', () => {
  it('skips comments and blank lines, and keeps terms as written without the *', () => {
    expect(terms.size).toBe(10);
    expect(find('героин')).toEqual([]);
    expect(find('кілемдер')).toEqual(['кілем']);
  });

  it('reads Windows line ends, a byte order mark and indentation', () => {
    const list = BannedTerms.parse('\uFEFF# list\r\n  кокаин  \r\n\r\nfake brand*\r\n');
    expect(list.size).toBe(2);
    expect(list.find('fake brands and кокаин')).toEqual(['кокаин', 'fake brand']);
  });

  it('keeps the first spelling of a term written twice', () => {
    const list = BannedTerms.parse('кокаин\nKOKAIN\nкокаин*');
    expect(list.size).toBe(2);
    expect(list.find('kokain')).toEqual(['кокаин']);
  });

  it('is empty for an empty file, and BannedTerms.empty finds nothing', () => {
    expect(BannedTerms.parse('').size).toBe(0);
    expect(BannedTerms.parse('# only\n\n# comments').size).toBe(0);
    expect(BannedTerms.empty.size).toBe(0);
    expect(BannedTerms.empty.find('кокаин')).toEqual([]);
  });

  it.each([
    ['*', 'no letters or digits'],
    ['---', 'no letters or digits'],
    ['кокаин # a drug', 'a comment must be on its own line'],
    ['слонов* кость', '"*" may only end a term'],
    ['кілем *', 'without a space'],
    ['ab*', 'at least 3 letters'],
    ['fake. brand', 'sentence punctuation'],
  ])('refuses %j, naming the line', (line, why) => {
    expect(() => BannedTerms.parse(`# list\n${line}`)).toThrow(`line 2 "${line}": `);
    expect(() => BannedTerms.parse(line)).toThrow(why);
  });
});

describe('BannedTerms.find', () => {
  it('ignores case, in Kazakh, Russian and English', () => {
    for (const text of ['Кілем', 'кілем', 'КІЛЕМ', 'кІлЕм']) expect(find(text)).toEqual(['кілем']);
    for (const text of ['Кокаин', 'КОКАИН']) expect(find(text)).toEqual(['кокаин']);
    for (const text of ['Cocaine', 'COCAINE']) expect(find(text)).toEqual(['cocaine']);
  });

  it('finds Cyrillic terms written in Latin letters', () => {
    for (const text of ['kilem', 'KILEM', 'kílem', 'kilemder']) expect(find(text)).toEqual(['кілем']);
    for (const text of ['kokain', 'Kokain']) expect(find(text)).toEqual(['кокаин']);
    for (const text of ['наша', 'nasha', 'naşa', 'NAŞA']) expect(find(text)).toEqual(['наша']);
    for (const text of ['қылыш', 'qylysh', 'kylysh', 'qılış', 'kılış', 'QYLYSH']) expect(find(text)).toEqual(['қылыш']);
  });

  it('reads a Cyrillic word with Latin look-alikes as Cyrillic', () => {
    expect(find('кoкаин')).toEqual(['кокаин']); // Latin o
    expect(find('KOKAИH')).toEqual(['кокаин']); // Latin K O A H, Cyrillic И
    expect(find('кiлем')).toEqual(['кілем']); // Latin i for Kazakh і
    expect(find('cлoнoвaя кocть')).toEqual(['слоновая кость']);
  });

  it('reads a Latin word with Cyrillic look-alikes as Latin', () => {
    expect(find('replicа')).toEqual(['replica']); // Cyrillic а
    expect(find('сocaine')).toEqual(['cocaine']); // Cyrillic с
  });

  it('sees through zero-width and other invisible characters inside a word', () => {
    for (const invisible of ['\u200B', '\u200C', '\u200D', '\u00AD', '\u2060', '\u200F', '\uFEFF']) {
      expect(find(`продаю ко${invisible}каин`)).toEqual(['кокаин']);
    }
    expect(find('ко\u0301каин')).toEqual(['кокаин']); // a stress mark
    expect(find('ｋｏｋａｉｎ')).toEqual(['кокаин']); // full-width letters (NFKC)
  });

  it('matches whole words only', () => {
    expect(find('it has begun')).toEqual([]);
    expect(find('gunpowder, shotgun, gunny sack')).toEqual([]);
    expect(find('кокаиновый')).toEqual([]); // "кокаин" has no *
    expect(find('нашатырь')).toEqual([]);
    expect(find('replicas')).toEqual([]);
    expect(find('a toy gun')).toEqual(['gun']);
    expect(find('gun.')).toEqual(['gun']);
    expect(find('(gun)')).toEqual(['gun']);
  });

  it('matches a * stem at the start of a word, never inside one', () => {
    for (const text of ['кілем', 'кілемдер', 'Кілемді', 'кілемшелер']) expect(find(text)).toEqual(['кілем']);
    expect(find('текілем')).toEqual([]);
    expect(find('fake brands')).toEqual(['fake brand']);
    expect(find('fake branding')).toEqual(['fake brand']);
    expect(find('fake unbranded')).toEqual([]);
  });

  it('matches a term of several words on consecutive words of one phrase', () => {
    expect(find('Поддельный  бренд')).toEqual(['поддельный бренд']);
    expect(find('поддельный-бренд')).toEqual(['поддельный бренд']);
    expect(find('изделие: слоновая\tкость')).toEqual(['слоновая кость']);
    expect(find('поддельный')).toEqual([]);
    expect(find('поддельный известный бренд')).toEqual([]);
    expect(find('бренд поддельный')).toEqual([]);
    expect(find('This is not fake. Brand new')).toEqual([]);
    expect(find('не поддельный,\nбренд')).toEqual([]);
  });

  it('returns each term once, in file order', () => {
    expect(find('gun, cocaine, кокаин, КОКАИН, kilem, gun')).toEqual(['кілем', 'кокаин', 'cocaine', 'gun']);
    expect(find('')).toEqual([]);
    expect(find('Қолдан тоқылған киіз')).toEqual([]);
  });

  describe('folds, each one', () => {
    const folds = BannedTerms.parse(['борщ', 'халва', 'жалған', 'қымыз', 'ағаш', 'теңге', 'мәңгі', 'сыр', 'цемент', 'тау'].join('\n'));

    it.each([
      ['shch, sch → sh', ['borshch', 'borsch', 'borsh', 'BORŠČ'], 'борщ'],
      ['kh → h', ['khalva', 'halva', 'Xалва'], 'халва'],
      ['j → zh, ğ → g', ['jalğan', 'zhalğan', 'jalgan'], 'жалған'],
      ['q → k', ['qymyz', 'kymyz', 'qımız'], 'қымыз'],
      ['gh → g', ['aghash', 'agash', 'ağaş'], 'ағаш'],
      ['ng, ñ → n', ['tenge', 'teñge', 'tengge', 'tene'], 'теңге'],
      ['ng after ң + г', ['mangi', 'mäñgi', 'mängi'], 'мәңгі'],
      ['y → i', ['syr', 'sir', 'sır'], 'сыр'],
      ['ts → c', ['tsement', 'cement'], 'цемент'],
      ['w → u', ['taw', 'tau'], 'тау'],
    ])('%s', (_fold, spellings, term) => {
      for (const spelling of spellings) expect([spelling, folds.find(spelling)]).toEqual([spelling, [term]]);
    });

    it('reads ё as е', () => {
      expect(BannedTerms.parse('ёрш').find('ерш')).toEqual(['ёрш']);
      expect(BannedTerms.parse('ерш').find('Ёрш')).toEqual(['ерш']);
    });
  });

  it('does not merge innocent words with the terms', () => {
    const innocent = [
      'кілт', 'кіле', 'кокос', 'наш', 'нашим', 'ваша', 'каша', 'қылқалам', 'бренд', 'подделать', 'слоновий',
      'guns', 'gum', 'gnu', 'sun', 'replay', 'cocoa', 'fake', 'brand',
    ];
    for (const word of innocent) expect([word, find(word)]).toEqual([word, []]);
  });

  it('never changes what it finds when the text is uppercased', () => {
    fc.assert(
      fc.property(textAround(LIST_WORDS), (text) => {
        expect(find(text.toUpperCase())).toEqual(find(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never changes what it finds when invisible characters are slipped in', () => {
    const invisible = fc.constantFrom('\u200B', '\u200D', '\u00AD', '\u200E', '\uFEFF');
    fc.assert(
      fc.property(textAround(LIST_WORDS), fc.array(fc.tuple(fc.nat(), invisible), { maxLength: 8 }), (text, inserts) => {
        let spoiled = text;
        for (const [at, ch] of inserts) {
          const i = at % (spoiled.length + 1);
          spoiled = spoiled.slice(0, i) + ch + spoiled.slice(i);
        }
        expect(find(spoiled)).toEqual(find(text));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same in Cyrillic text and in its Latin transliteration', () => {
    const cyrillic = LIST_WORDS.filter((w) => /\p{Script=Cyrillic}/u.test(w));
    fc.assert(
      fc.property(textAround(cyrillic), (text) => {
        expect(find(transliterate(text))).toEqual(find(text));
      }),
      { numRuns: 300 },
    );
  });

  it('is fast on a long description against a few hundred terms', () => {
    const many = BannedTerms.parse(
      Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `запрет${i}*` : i % 3 === 1 ? `слово${i} другое${i}` : `term${i}`)).join('\n'),
    );
    const description = 'Қолдан тоқылған кілем, табиғи жүн. Войлочный ковёр ручной работы, fake брендов нет. '.repeat(60).slice(0, 5000);
    const started = performance.now();
    for (let i = 0; i < 20; i++) many.find(`${description} term299`);
    const perCall = (performance.now() - started) / 20;
    expect(many.find(`${description} term299 запрет0вый`)).toEqual(['запрет0', 'term299']);
    expect(perCall).toBeLessThan(50);
  });
});

describe('config/banned-terms.txt', () => {
  const shipped = BannedTerms.parse(readFileSync(join(__dirname, '../../config/banned-terms.txt'), 'utf8'));

  it('parses, every line a term', () => {
    expect(shipped.size).toBeGreaterThanOrEqual(30);
  });

  it('catches its terms in Kazakh, Russian and English, inflected and transliterated', () => {
    expect(shipped.find('Продаю КАСТЕТЫ и кокаина немного')).toEqual(['кастет', 'кокаин']);
    expect(shipped.find('Есірткіні сатамын')).toEqual(['есірткі']);
    expect(shipped.find('Піл сүйегінен жасалған білезік')).toEqual(['піл сүйег']);
    expect(shipped.find('Барс терісі, таза')).toEqual(['барс теріс']);
    expect(shipped.find('Шкатулка из слоновой кости')).toEqual(['из слоновой кости']);
    expect(shipped.find('Сумка — подделка, копия бренда')).toEqual(['подделк', 'копия бренда']);
    expect(shipped.find('Реплика саукеле из музея')).toEqual([]);
    expect(shipped.find('geroin, marihuana')).toEqual(['героин', 'марихуан']);
    expect(shipped.find('Counterfeit bags, fake brands, a knockoff')).toEqual(['counterfeit', 'fake brand', 'knockoff']);
    expect(shipped.find('A small replica of the bridal headdress')).toEqual([]);
    expect(shipped.find('real snow leopard fur hat')).toEqual(['snow leopard fur']);
    expect(shipped.find('Жалған тауарлар арзан')).toEqual(['жалған тауар']);
    expect(shipped.find('жалған емес, түпнұсқа')).toEqual([]);
  });

  it('leaves an ordinary listing alone', () => {
    const ordinary = [
      'Қолдан тоқылған сырмақ, табиғи қой жүні. Түсі ақшыл, өрнегі қошқар мүйіз. Бағасы теңгемен.',
      'Войлочный ковёр ручной работы, героиня сказки вышита шёлком. Неподдельный интерес гостей гарантирован!',
      'Цвета слоновой кости, размер 2×3 м. Кожаный ремень, серебряная пряжка.',
      'Hand-felted rug, sheep wool, naturally dyed. A heroine of a Kazakh tale is embroidered in silk.',
      'Genuine leather, brass buckle, snow leopard pattern. Begun in spring, finished in autumn.',
    ];
    for (const text of ordinary) expect([text, shipped.find(text)]).toEqual([text, []]);
  });
});

// Text for the properties: the list's words in random case, mixed with innocent words,
// punctuation and arbitrary characters.
const LIST_WORDS = [
  'кілем', 'кілемдер', 'кокаин', 'наша', 'қылыш', 'поддельный', 'бренд', 'слоновая', 'кость', 'fake', 'brands', 'cocaine',
  'replica', 'gun', 'begun', 'киіз', 'сырмақ', 'теңге', 'ёлка', 'щит', 'халва', 'цемент', 'жүн',
];

function textAround(words: string[]): fc.Arbitrary<string> {
  const word = fc.constantFrom(...words).chain((w) => fc.constantFrom(w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)));
  const separator = fc.constantFrom(' ', '  ', ', ', '. ', '-', '\n', ' — ');
  const noise = fc.string({ unit: 'binary', maxLength: 4 });
  return fc.array(fc.oneof({ arbitrary: word, weight: 4 }, { arbitrary: separator, weight: 4 }, { arbitrary: noise, weight: 1 }), { maxLength: 30 })
    .map((parts) => parts.join(''));
}
