import { transliterate } from '../common/transliterate';

/**
 * Banned terms in listing text, in Kazakh, Russian and English.
 *
 * Makers write the same word in many ways: "Кілем", "КІЛЕМ", "kilem", "kílem", a Latin
 * "o" slipped into a Cyrillic word, a zero-width space inside it. Both the terms and the
 * text are reduced word by word to one Latin *skeleton*, and words match when their
 * skeletons are equal:
 *
 *  1. NFKC, lowercase, drop format characters (`\p{Cf}`: zero-width space and joiner,
 *     soft hyphen, direction marks).
 *  2. Words are runs of letters, digits and combining marks; anything else separates
 *     them. Sentence punctuation (`. , ; : ! ? …`, brackets, quotes, line breaks) also
 *     ends a phrase, so "not fake. Brand new" does not match the term "fake brand".
 *  3. A word with Cyrillic letters is read in one script: Latin look-alikes
 *     (a c e o p x y k m t h b i) become Cyrillic — unless the word has more
 *     Latin-only letters than Cyrillic-only ones ("replicа" with a Cyrillic "а"), then
 *     the Cyrillic look-alikes become Latin.
 *  4. Cyrillic to Latin with the slug table of `common/transliterate.ts`; ё is read as е
 *     first (Russian writers drop the dots).
 *  5. ş š → sh, ç č → ch, ž → zh, ı → i, ə → a; then diacritics go (NFD, drop `\p{M}`:
 *     í → i, ñ → n, ğ → g, ä → a, ü → u).
 *  6. Folds, so the usual Latin spellings of one Kazakh or Russian word meet:
 *
 *       shch, sch → sh   щ: borshch, borsch, borsh
 *       kh → h           х: khalva, halva
 *       j → zh           ж: jalğan (Kazakh Latin 2021), zhalgan
 *       q → k            қ: qylysh, kylysh
 *       gh → g           ғ: zhalghan, zhalgan (ğ already lost its breve in step 5)
 *       ng → n           ң: teñge, tenge, tengge (ñ already lost its tilde)
 *       y → i            ы й и і: qylysh, kılış; я as ya or ia
 *       ts → c           ц: tsement, cement
 *       w → u            у in Kazakh Latin 2021: taw, tau
 *
 *     They repeat until nothing changes, because a transliterated digraph can meet its
 *     neighbour: ңг is "ngg" and must fold like "ng" ("мәңгі", "mangi").
 *
 * The folds also merge some innocent spellings (English "sing" and "sin", "dye" and
 * "die"), so a term should not be a short English word that such a fold could produce.
 *
 * A term of several words matches that many consecutive words of one phrase. A term
 * ending in `*` matches a last word that starts with it (Kazakh and Russian endings:
 * "кілем*" matches "кілемдер"); otherwise whole words only ("gun" never matches "begun").
 */
export class BannedTerms {
  static readonly empty = new BannedTerms([]);

  readonly size: number;
  /** Terms by the skeleton of their first word (when that word must match whole). */
  private readonly byFirstWord = new Map<string, Term[]>();
  /** One-word `*` terms by their stem's skeleton. */
  private readonly byStem = new Map<string, Term[]>();

  private constructor(terms: readonly Term[]) {
    this.size = terms.length;
    for (const term of terms) {
      const [first] = term.words;
      const index = term.stem && term.words.length === 1 ? this.byStem : this.byFirstWord;
      index.set(first, [...(index.get(first) ?? []), term]);
    }
  }

  /**
   * One term per line; blank lines and lines starting with `#` are skipped. A line that
   * is not a usable term throws, naming the line: a broken list should stop start-up,
   * not quietly let everything through. A repeated term (same skeleton) keeps its first
   * spelling.
   */
  static parse(fileText: string): BannedTerms {
    const terms: Term[] = [];
    const seen = new Set<string>();
    fileText.split(/\r\n|\n|\r/).forEach((raw, lineIndex) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const refuse = (why: string): never => {
        throw new Error(`banned terms, line ${lineIndex + 1} "${line}": ${why}`);
      };
      if (line.includes('#')) refuse('a comment must be on its own line');
      const stem = line.endsWith('*');
      const text = stem ? line.slice(0, -1) : line;
      if (text.includes('*')) refuse('"*" may only end a term');
      if (stem && text !== text.trimEnd()) refuse('"*" must follow the stem without a space');
      const phrases = phrasesOf(text);
      if (phrases.length === 0) refuse('no letters or digits');
      if (phrases.length > 1) refuse('a term cannot contain sentence punctuation');
      const words = phrases[0];
      if (stem && words[words.length - 1].length < MIN_STEM) {
        refuse(`a "*" stem needs at least ${MIN_STEM} letters, or it matches too many words`);
      }
      const key = `${words.join(' ')}${stem ? '*' : ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      terms.push({ text, order: terms.length, words, stem });
    });
    return new BannedTerms(terms);
  }

  /** The distinct terms found in `text`, as written in the file (without `*`), in file order. */
  find(text: string): string[] {
    if (this.size === 0 || !text) return [];
    const found = new Set<Term>();
    for (const words of phrasesOf(text)) {
      words.forEach((word, at) => {
        for (const term of this.startingWith(word)) if (matchesAt(term, words, at)) found.add(term);
      });
    }
    const inFileOrder = [...found].sort((a, b) => a.order - b.order).map((t) => t.text);
    return [...new Set(inFileOrder)];
  }

  private *startingWith(word: string): Iterable<Term> {
    yield* this.byFirstWord.get(word) ?? [];
    for (let length = MIN_STEM; length <= word.length; length++) yield* this.byStem.get(word.slice(0, length)) ?? [];
  }
}

interface Term {
  /** As written in the file, without the `*`: what the maker is asked to remove. */
  readonly text: string;
  readonly order: number;
  /** Skeletons of the term's words. */
  readonly words: readonly string[];
  /** The last word matches any word that starts with it. */
  readonly stem: boolean;
}

const MIN_STEM = 3;

function matchesAt(term: Term, words: readonly string[], at: number): boolean {
  if (at + term.words.length > words.length) return false;
  const last = term.words.length - 1;
  return term.words.every((w, i) => (i === last && term.stem ? words[at + i].startsWith(w) : words[at + i] === w));
}

const FORMAT_CHARS = /\p{Cf}/gu;
const PHRASE_BREAK = /[.,;:!?…()[\]{}<>«»"“”„\r\n]/u;
const NON_WORD = /[^\p{L}\p{N}\p{M}]+/u;

/** The text's phrases, each as the skeletons of its words. */
function phrasesOf(text: string): string[][] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(FORMAT_CHARS, '')
    .split(PHRASE_BREAK)
    .map((phrase) => phrase.split(NON_WORD).map(skeleton).filter(Boolean))
    .filter((words) => words.length > 0);
}

const LOOK_ALIKES: [latin: string, cyrillic: string][] = [
  ['a', 'а'], ['c', 'с'], ['e', 'е'], ['o', 'о'], ['p', 'р'], ['x', 'х'], ['y', 'у'],
  ['k', 'к'], ['m', 'м'], ['t', 'т'], ['h', 'н'], ['b', 'в'], ['i', 'і'],
];
const LATIN_TO_CYRILLIC = new Map(LOOK_ALIKES);
const CYRILLIC_TO_LATIN = new Map(LOOK_ALIKES.map(([latin, cyrillic]) => [cyrillic, latin]));
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

// Latin letters whose Kazakh/Russian reading is a digraph, or that NFD cannot take apart.
const LATIN_LETTERS: Record<string, string> = { ş: 'sh', š: 'sh', ç: 'ch', č: 'ch', ž: 'zh', ı: 'i', ə: 'a' };
const FOLDS: Record<string, string> = { shch: 'sh', sch: 'sh', kh: 'h', j: 'zh', q: 'k', gh: 'g', ng: 'n', y: 'i', ts: 'c', w: 'u' };
const FOLD = /shch|sch|kh|gh|ng|ts|[jqyw]/g;

/** One word (already NFKC, lowercase, without format characters) as its Latin skeleton. */
function skeleton(word: string): string {
  const latin = transliterate(inOneScript(word).replace(/ё/g, 'е'))
    .replace(/[şšçčžıə]/g, (ch) => LATIN_LETTERS[ch])
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  let folded = latin;
  for (let previous = ''; previous !== folded; ) {
    previous = folded;
    folded = folded.replace(FOLD, (digraph) => FOLDS[digraph]);
  }
  return folded;
}

/** A word mixing Cyrillic with Latin look-alikes, read in the script most of its letters are in. */
function inOneScript(word: string): string {
  if (!CYRILLIC.test(word)) return word;
  let latinOnly = 0;
  let cyrillicOnly = 0;
  for (const ch of word) {
    if (LATIN.test(ch) && !LATIN_TO_CYRILLIC.has(ch)) latinOnly++;
    else if (CYRILLIC.test(ch) && !CYRILLIC_TO_LATIN.has(ch)) cyrillicOnly++;
  }
  const table = latinOnly > cyrillicOnly ? CYRILLIC_TO_LATIN : LATIN_TO_CYRILLIC;
  let out = '';
  for (const ch of word) out += table.get(ch) ?? ch;
  return out;
}
