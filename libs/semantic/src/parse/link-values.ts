import { CITIES, type CityDefinition, findCityInText, normaliseCityText } from '@instalake/lake-schema';
import { handleKey } from '../model/measures';
import { cleanTerm, stem } from '../model/topic';
import type { Topic } from '../plan/plan';
import { closeTo, editDistance, typoBudget } from './fuzzy';
import { CUISINES, LEXICON, STOPWORDS } from './lexicon';
import { type Question, readQuestion } from './text';
import type { LakeVocabulary, VocabularyAccount } from './vocabulary';

export interface AccountLink {
  readonly handle: string;
  readonly tokens: readonly number[];
  readonly how: 'handle' | 'name' | 'typo' | 'unknown';
  readonly written: string;
}

export interface CityLink {
  readonly city: string;
  readonly tokens: readonly number[];
  readonly written: string;
  readonly how: 'alias' | 'ambiguous' | 'typo';
  readonly inLake: boolean;
}

export interface HashtagLink {
  readonly tag: string;
  readonly tokens: readonly number[];
  readonly written: string;
  readonly known: boolean;
}

export interface TopicLink {
  readonly topic: Topic;
  readonly tokens: readonly number[];
  readonly written: string;
}

/** Words that belong to a business name but say nothing on their own ("Lakeshore Pizza Co"). */
const OPTIONAL_NAME_WORDS = new Set([
  'the',
  'and',
  'co',
  'company',
  'inc',
  'llc',
  'restaurant',
  'kitchen',
  'house',
  'club',
  'bar',
  'grill',
  'eatery',
  'bistro',
  'cafe',
  'shop',
  'spot',
  'joint',
  'place',
]);

const PREPOSITIONS_BEFORE_CITY = new Set(['in', 'for', 'from', 'near', 'around', 'at', 'of', 'across', 'to']);

/**
 * Ambiguous city initials and nicknames that are everyday words too ("la", "sea", "the six"): they need capitals
 * or a preposition. Other ambiguous ones ("vegas", "sd", "indy") name a city the lake holds in any case.
 */
const EVERYDAY_WORDS = new Set(['la', 'sea', 'sac', 'chi', 'nash', 'the six', 'six', 'bos', 'kc', 'sj', 'dc', 'sf']);

const CUISINE_WORDS: ReadonlySet<string> = new Set(
  Object.entries(CUISINES).flatMap(([label, c]) => [label, ...c.say].flatMap((w) => w.split(' '))),
);

/** Words a question uses for other purposes: a single one of them never links to a business name. */
const COMMON_WORDS: ReadonlySet<string> = new Set([
  ...STOPWORDS,
  ...LEXICON.flatMap((e) => e.pattern.split(/[^a-z]+/)).filter((w) => w.length > 1),
  ...Object.entries(CUISINES).flatMap(([label, c]) => [label, ...c.say, ...c.match].flatMap((w) => w.split(' '))),
  ...CITIES.flatMap((c) => c.aliases.flatMap((a) => a.split(' '))),
]);

interface NameEntry {
  readonly account: VocabularyAccount;
  /** Normalised name words, "the" and "and" left out. */
  readonly words: readonly string[];
  readonly required: readonly string[];
}

/** Fast lookups over a vocabulary; built once per lake snapshot. */
export class VocabularyIndex {
  readonly byHandle = new Map<string, VocabularyAccount>();
  private readonly bySquashedHandle = new Map<string, VocabularyAccount>();
  private readonly names: NameEntry[] = [];
  private readonly nameWordOwners = new Map<string, Set<string>>();
  readonly tags = new Map<string, number>();
  readonly lakeCities = new Map<string, number>();
  readonly lakeCuisines = new Map<string, number>();
  private readonly commonWords: ReadonlySet<string>;

  constructor(readonly vocabulary: LakeVocabulary) {
    for (const account of vocabulary.accounts) {
      this.byHandle.set(account.handle, account);
      this.bySquashedHandle.set(squash(account.handle), account);
      if (!account.name) continue;
      const words = readQuestion(account.name)
        .tokens.map((t) => t.text)
        .filter((w) => w !== 'the' && w !== 'and');
      if (!words.length) continue;
      const required = words.filter((w) => !OPTIONAL_NAME_WORDS.has(w));
      this.names.push({ account, words, required: required.length ? required : words });
      for (const w of new Set(required)) {
        const owners = this.nameWordOwners.get(w) ?? new Set<string>();
        owners.add(account.handle);
        this.nameWordOwners.set(w, owners);
      }
    }
    for (const h of vocabulary.hashtags) this.tags.set(h.tag, h.posts);
    for (const c of vocabulary.cities) this.lakeCities.set(c.name, c.posts);
    for (const c of vocabulary.cuisines) this.lakeCuisines.set(c.name, c.posts);
    this.commonWords = new Set([...COMMON_WORDS, ...this.lakeCuisines.keys()]);
  }

  account(handle: string): VocabularyAccount | undefined {
    return this.byHandle.get(handle);
  }

  /** The closest known handle to a written one (typo-tolerant), or undefined. */
  closestHandle(written: string): VocabularyAccount | undefined {
    const key = handleKey(written);
    const exact = this.byHandle.get(key) ?? this.bySquashedHandle.get(squash(key));
    if (exact) return exact;
    const budget = typoBudget(key.length);
    if (!budget) return undefined;
    let best: { account: VocabularyAccount; d: number } | undefined;
    for (const account of this.byHandle.values()) {
      const d = editDistance(squash(key), squash(account.handle), budget);
      if (d <= budget && (!best || d < best.d || (d === best.d && account.handle < best.account.handle)))
        best = { account, d };
    }
    return best?.account;
  }

  /** Accounts whose handle is the concatenation of these words ("foghorn ramen" -> @foghornramen). */
  handleFromWords(words: readonly string[]): VocabularyAccount | undefined {
    const joined = words.join('');
    if (joined.length < 6) return undefined;
    return this.bySquashedHandle.get(joined);
  }

  /**
   * The name matching at token `i`: the longest whole name (typos allowed); a prefix of at least two words and two
   * thirds of the name only when it is neither a city nickname, a hashtag nor cuisine words ("windy city", "deep dish").
   */
  nameAt(words: readonly string[], i: number): { account: VocabularyAccount; length: number } | undefined {
    let best: { account: VocabularyAccount; match: NameMatch } | undefined;
    for (const entry of this.names) {
      const match = matchName(entry, words, i);
      if (!match) continue;
      if (!match.complete) {
        const prefix = words.slice(i, i + match.length);
        const text = prefix.join(' ');
        if (match.required * 3 < entry.required.length * 2) continue;
        // "mile high" before "city" is Denver's nickname, not a prefix of "Mile High Pho".
        const around = words.slice(i, i + match.length + 2).join(' ');
        const city = findCityInText(around, { allowAmbiguous: true });
        if (city && (around.startsWith(`${city.alias} `) || around === city.alias || city.alias.startsWith(text)))
          continue;
        if (findCityInText(text, { allowAmbiguous: true }) || this.tags.has(prefix.join(''))) continue;
        if (prefix.some((w) => CUISINE_WORDS.has(w))) continue;
      }
      const better =
        !best ||
        Number(match.complete) > Number(best.match.complete) ||
        (match.complete === best.match.complete &&
          (match.length > best.match.length ||
            (match.length === best.match.length &&
              (match.exact > best.match.exact ||
                (match.exact === best.match.exact && entry.account.posts > best.account.posts)))));
      if (better) best = { account: entry.account, match };
    }
    return best && { account: best.account, length: best.match.length };
  }

  /** An account named by one distinctive word of its name ("Foghorn" -> Foghorn Ramen), when only one has it. */
  distinctiveName(word: string): VocabularyAccount | undefined {
    if (word.length < 6 || this.commonWords.has(word) || this.tags.has(word)) return undefined;
    const owners = this.nameWordOwners.get(word);
    if (owners?.size === 1) return this.byHandle.get([...owners][0]);
    return undefined;
  }

  isCommonWord(word: string): boolean {
    return this.commonWords.has(word);
  }

  /** A known tag for a written one: exact, or a typo of a tag used on several posts. */
  closestTag(written: string): string | undefined {
    if (this.tags.has(written)) return written;
    const budget = typoBudget(written.length);
    if (!budget) return undefined;
    let best: { tag: string; d: number; n: number } | undefined;
    for (const [tag, n] of this.tags) {
      if (tag[0] !== written[0]) continue;
      const d = editDistance(written, tag, budget);
      if (d <= budget && (!best || d < best.d || (d === best.d && n > best.n))) best = { tag, d, n };
    }
    return best?.tag;
  }
}

function squash(handle: string): string {
  return handle.replace(/[._]/g, '');
}

interface NameMatch {
  readonly length: number;
  readonly exact: number;
  /** Required words matched; fewer than the name has means a prefix ("Salt and Cedar" for Salt & Cedar Oyster Bar). */
  readonly required: number;
  readonly complete: boolean;
}

function matchName(entry: NameEntry, words: readonly string[], start: number): NameMatch | undefined {
  let i = start;
  let exact = 0;
  let required = 0;
  for (const word of entry.words) {
    const optional = OPTIONAL_NAME_WORDS.has(word) && entry.required.length < entry.words.length;
    const here = words[i];
    if (here !== undefined && (here === word || (here.length >= 4 && closeTo(here, word)))) {
      if (here === word) exact++;
      if (!optional) required++;
      i++;
      continue;
    }
    if (optional) continue;
    return required >= 2 ? { length: i - start, exact, required, complete: false } : undefined;
  }
  // A name of one required word only counts when that word is distinctive (long) and written exactly.
  if (entry.required.length === 1 && (entry.required[0].length < 5 || exact === 0)) return undefined;
  return i > start ? { length: i - start, exact, required, complete: true } : undefined;
}

/** Accounts named in the question: @handles, names, handles written as words. Marks the tokens it uses. */
export function linkAccounts(question: Question, index: VocabularyIndex, used: Set<number>): AccountLink[] {
  const links: AccountLink[] = [];
  const words = question.tokens.map((t) => t.text);
  question.tokens.forEach((t, i) => {
    if (t.kind !== 'handle') return;
    const written = t.text.slice(1);
    const known = index.closestHandle(written);
    links.push({
      handle: known?.handle ?? handleKey(written),
      tokens: [i],
      how: !known ? 'unknown' : known.handle === handleKey(written) ? 'handle' : 'typo',
      written: t.raw,
    });
    used.add(i);
  });
  for (let i = 0; i < words.length; i++) {
    if (used.has(i) || question.tokens[i].kind !== 'word') continue;
    const named = index.nameAt(words, i);
    const spans = [3, 2, 1]
      .map((k) => ({ k, account: index.handleFromWords(words.slice(i, i + k)) }))
      .filter((x) => x.account && i + x.k <= words.length);
    const squashed = spans[0];
    const pick =
      named && (!squashed || named.length >= squashed.k)
        ? { account: named.account, length: named.length }
        : squashed
          ? { account: squashed.account!, length: squashed.k }
          : undefined;
    if (!pick) continue;
    const tokens = range(i, i + pick.length).filter((j) => !used.has(j));
    if (tokens.length !== pick.length) continue;
    for (const j of tokens) used.add(j);
    links.push({
      handle: pick.account.handle,
      tokens,
      how: 'name',
      written: question.tokens
        .slice(i, i + pick.length)
        .map((t) => t.raw)
        .join(' '),
    });
    i += pick.length - 1;
  }
  return links;
}

/** A second pass, after cities: single distinctive name words ("how is Foghorn doing?"). */
export function linkDistinctiveNames(question: Question, index: VocabularyIndex, used: Set<number>): AccountLink[] {
  const links: AccountLink[] = [];
  question.tokens.forEach((t, i) => {
    if (used.has(i) || t.kind !== 'word') return;
    const account = index.distinctiveName(t.text);
    if (!account) return;
    used.add(i);
    links.push({ handle: account.handle, tokens: [i], how: 'name', written: t.raw });
  });
  return links;
}

export function linkHashtags(question: Question, index: VocabularyIndex, used: Set<number>): HashtagLink[] {
  const links: HashtagLink[] = [];
  question.tokens.forEach((t, i) => {
    if (t.kind !== 'hashtag') return;
    const written = t.text.slice(1);
    const known = index.closestTag(written);
    links.push({ tag: known ?? written, tokens: [i], written: t.raw, known: Boolean(known) });
    used.add(i);
  });
  return links;
}

/**
 * Cities through lake-schema's table: names and nicknames in free text; initials that are also words ("SD",
 * "LA", "sea") only when written in capitals or after "in"/"for"/...; typos of cities the lake holds.
 */
export function linkCities(question: Question, index: VocabularyIndex, used: Set<number>): CityLink[] {
  const links: CityLink[] = [];
  for (const run of unusedRuns(question, used)) {
    let text = run.map((i) => question.tokens[i].text);
    let offset = 0;
    for (;;) {
      const mention = findCityInText(text.join(' '));
      if (!mention) break;
      const span = findWords(text, mention.alias.split(' '));
      if (!span) break;
      const tokens = run.slice(offset + span.start, offset + span.end);
      links.push(cityLink(mention.city, tokens, question, 'alias', index));
      for (const t of tokens) used.add(t);
      offset += span.end;
      text = text.slice(span.end);
    }
  }
  const ambiguous = new Map<string, CityDefinition>();
  for (const c of CITIES) for (const a of c.ambiguous ?? []) ambiguous.set(a, c);
  question.tokens.forEach((t, i) => {
    if (used.has(i) || t.kind !== 'word') return;
    const city = ambiguous.get(t.text);
    if (!city) return;
    const capitals = t.raw.length > 1 && t.raw === t.raw.toUpperCase() && /\p{L}/u.test(t.raw);
    const afterPreposition = i > 0 && PREPOSITIONS_BEFORE_CITY.has(question.tokens[i - 1].text);
    const inLake = index.lakeCities.has(city.name);
    if (!capitals && !(afterPreposition && inLake) && !(inLake && !EVERYDAY_WORDS.has(t.text))) return;
    links.push(cityLink(city, [i], question, 'ambiguous', index));
    used.add(i);
  });
  // Cities the lake holds that the city table does not know ("Boise", "Reno"): their names, written out.
  for (const name of index.lakeCities.keys()) {
    if (CITIES.some((c) => c.name === name)) continue;
    const words = normaliseCityText(name).split(' ');
    for (let i = 0; i + words.length <= question.tokens.length; i++) {
      const span = range(i, i + words.length);
      if (span.some((j) => used.has(j)) || !words.every((w, k) => question.tokens[i + k].text === w)) continue;
      links.push({
        city: name,
        tokens: span,
        written: span.map((j) => question.tokens[j].raw).join(' '),
        how: 'alias',
        inLake: true,
      });
      for (const j of span) used.add(j);
    }
  }
  // Typos, only against the cities the lake holds (1-3 words).
  const targets = [...index.lakeCities.keys()].flatMap((name) => {
    const def = CITIES.find((c) => c.name === name);
    const aliases = def ? def.aliases.filter((a) => !def.ambiguous?.includes(a)) : [normaliseCityText(name)];
    return aliases.filter((a) => a.replace(/ /g, '').length >= 5).map((alias) => ({ name, alias }));
  });
  for (let i = 0; i < question.tokens.length; i++) {
    for (const k of [3, 2, 1]) {
      const tokens = range(i, i + k);
      if (tokens.some((j) => j >= question.tokens.length || used.has(j) || question.tokens[j].kind !== 'word'))
        continue;
      const written = tokens.map((j) => question.tokens[j].text).join(' ');
      if (index.isCommonWord(written)) continue;
      const hit = targets.find((t) => t.alias.split(' ').length === k && closeTo(written, t.alias));
      if (!hit) continue;
      links.push({ city: hit.name, tokens, written, how: 'typo', inLake: true });
      for (const j of tokens) used.add(j);
      break;
    }
  }
  return links.sort((a, b) => a.tokens[0] - b.tokens[0]);
}

function cityLink(
  city: CityDefinition,
  tokens: readonly number[],
  question: Question,
  how: CityLink['how'],
  index: VocabularyIndex,
): CityLink {
  return {
    city: city.name,
    tokens,
    written: tokens.map((t) => question.tokens[t].raw).join(' '),
    how,
    inLake: index.lakeCities.has(city.name),
  };
}

/** Topic words a marker introduces even when the lake has no such word ("posts mentioning truffle"). */
const TOPIC_MARKERS = new Set([
  'about',
  'mention',
  'mentions',
  'mentioning',
  'mentioned',
  'featuring',
  'containing',
  'contain',
  'contains',
  'with',
  'tagged',
  'using',
  'use',
  'used',
  'uses',
]);

/**
 * Topics: cuisines of the general food vocabulary, cuisines of the lake's search terms, words and word pairs that
 * are hashtags in the lake ("cheese pull" -> #cheesepull), and unknown words right after a topic marker.
 */
export function linkTopics(
  question: Question,
  index: VocabularyIndex,
  used: Set<number>,
  isFree: (i: number) => boolean,
): TopicLink[] {
  const links: TopicLink[] = [];
  const sayToLabel = new Map<string, string>();
  for (const [label, words] of Object.entries(CUISINES))
    for (const w of [label, ...words.say]) sayToLabel.set(w, label);
  const tokens = question.tokens;
  for (let i = 0; i < tokens.length; i++) {
    for (const k of [3, 2, 1]) {
      const span = range(i, i + k);
      if (span.some((j) => j >= tokens.length || used.has(j) || tokens[j].kind !== 'word' || !isFree(j))) continue;
      const written = span.map((j) => tokens[j].text).join(' ');
      const link = topicFor(written, k, sayToLabel, index);
      if (!link) continue;
      links.push({ topic: link, tokens: span, written });
      for (const j of span) used.add(j);
      i += k - 1;
      break;
    }
  }
  // Unknown words after a marker: "posts mentioning truffle", "how many posts use birria".
  tokens.forEach((t, i) => {
    if (used.has(i) || t.kind !== 'word' || !isFree(i) || i === 0) return;
    if (!TOPIC_MARKERS.has(tokens[i - 1].text) || STOPWORDS.has(t.text) || t.text.length < 3) return;
    if (index.isCommonWord(t.text)) return;
    links.push({ topic: { label: t.text, terms: [t.text] }, tokens: [i], written: t.text });
    used.add(i);
  });
  return links;
}

function topicFor(
  written: string,
  words: number,
  sayToLabel: ReadonlyMap<string, string>,
  index: VocabularyIndex,
): Topic | undefined {
  const label =
    sayToLabel.get(written) ?? sayToLabel.get(stem(written)) ?? (words === 1 ? typoOf(written, sayToLabel) : undefined);
  if (label) {
    const cuisine = CUISINES[label];
    // The lake's own cuisine phrases containing the label join the terms ("hot chicken" for chicken).
    return { label, terms: [...new Set([...cuisine.match, label])] };
  }
  const cleaned = cleanTerm(written);
  if (index.lakeCuisines.has(cleaned) && !STOPWORDS.has(cleaned)) return { label: cleaned, terms: [cleaned] };
  const squashed = cleaned.replace(/ /g, '');
  if (squashed.length >= 4 && !STOPWORDS.has(cleaned) && (words > 1 || !index.isCommonWord(cleaned))) {
    if (index.tags.has(squashed) || index.tags.has(stem(squashed))) return { label: cleaned, terms: [cleaned] };
  }
  return undefined;
}

function typoOf(word: string, sayToLabel: ReadonlyMap<string, string>): string | undefined {
  // Inflected words ("sliced", "baking") are real words, not typos of a cuisine ("slices").
  if (word.length < 5 || /(ed|ing|ly|er|est)$/.test(word)) return undefined;
  for (const [say, label] of sayToLabel) if (!say.includes(' ') && closeTo(word, say)) return label;
  return undefined;
}

function unusedRuns(question: Question, used: ReadonlySet<number>): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  question.tokens.forEach((t, i) => {
    if (used.has(i) || t.kind !== 'word') {
      if (current.length) runs.push(current);
      current = [];
    } else current.push(i);
  });
  if (current.length) runs.push(current);
  return runs;
}

function findWords(words: readonly string[], target: readonly string[]): { start: number; end: number } | undefined {
  for (let i = 0; i + target.length <= words.length; i++) {
    if (target.every((w, k) => words[i + k] === w)) return { start: i, end: i + target.length };
  }
  return undefined;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}
