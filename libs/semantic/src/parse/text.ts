/** One token of a question: a word, an @handle, a #hashtag or a number, with its place in the normalised text. */
export interface Token {
  /** Normalised: lower case, accents and possessives removed ("NOLA's" -> "nola"). */
  readonly text: string;
  /** As written (for case checks such as "SD" against "sd"). */
  readonly raw: string;
  readonly kind: 'word' | 'handle' | 'hashtag' | 'number';
  /** Offsets of `text` in `Question.normalised`. */
  readonly start: number;
  readonly end: number;
}

export interface Question {
  readonly original: string;
  readonly tokens: readonly Token[];
  /** The tokens' texts joined by single spaces: lexicon patterns run over it. */
  readonly normalised: string;
  /** Text inside quotes, when the question quotes something ("similar to 'rustic pasta plating'"). */
  readonly quoted?: string;
}

const QUOTES = /["“”‘’`´]/g;

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Splits a question into tokens. Apostrophes go (possessives with them: "nola's" -> "nola", "tacos'" -> "tacos",
 * "what's" -> "what"), "&" reads as "and", @handles and #hashtags stay whole.
 */
export function readQuestion(original: string): Question {
  const text = original.replace(/\s+/g, ' ').trim();
  const quoted = /["“‘']([^"“”‘’']{3,200})["”’']/u.exec(text)?.[1]?.trim();
  const cleaned = text
    .replace(/[’‘´`]/g, "'")
    .replace(/&/g, ' and ')
    .replace(QUOTES, ' ');
  const pattern = /\d{4}-\d{2}-\d{2}|[@#][\p{L}\p{N}._]+|[\p{L}\p{N}]+(?:'[\p{L}]+)*'?|\d+(?:[.,]\d+)*%?/gu;
  const tokens: Token[] = [];
  let normalised = '';
  for (const match of cleaned.matchAll(pattern)) {
    const raw = match[0];
    let value = fold(raw);
    let kind: Token['kind'] = 'word';
    if (value.startsWith('@')) {
      kind = 'handle';
      value = value.replace(/\.+$/, '');
    } else if (value.startsWith('#')) {
      kind = 'hashtag';
      value = value.replace(/[._]+$/, '');
    } else {
      value = value.replace(/'s$/, '').replace(/'$/, '').replace(/'/g, '');
      if (/^\d+([.,]\d+)*%?$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value)) kind = 'number';
    }
    if (!value || value === '@' || value === '#') continue;
    const start = normalised ? normalised.length + 1 : 0;
    normalised = normalised ? `${normalised} ${value}` : value;
    tokens.push({
      text: value,
      raw: raw.replace(/'s$/i, '').replace(/'$/, ''),
      kind,
      start,
      end: start + value.length,
    });
  }
  return { original: text, tokens, normalised, ...(quoted ? { quoted } : {}) };
}

/** Indexes of the tokens a character span of `normalised` covers. */
export function tokensInSpan(question: Question, start: number, end: number): number[] {
  const out: number[] = [];
  question.tokens.forEach((t, i) => {
    if (t.start < end && t.end > start) out.push(i);
  });
  return out;
}

/** A regular expression matching `body` as whole words of normalised text (Unicode letters and digits). */
export function wordPattern(body: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}@#])(?:${body})(?![\\p{L}\\p{N}])`, 'gu');
}

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  dozen: 12,
  a: 1,
};

/** "5", "five", "a dozen" -> a number; undefined otherwise. */
export function numberOf(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word];
}
