import type { DimensionId } from '../model/dimensions';
import type { MeasureId } from '../model/measures';
import { type Cue, CUISINES, type EntityWord, LEXICON, type LexiconEntry, type Reference, STOPWORDS } from './lexicon';
import {
  type AccountLink,
  type CityLink,
  type HashtagLink,
  type TopicLink,
  linkAccounts,
  linkCities,
  linkDistinctiveNames,
  linkHashtags,
  linkTopics,
  type VocabularyIndex,
} from './link-values';
import { readWindows, type WindowMention } from './read-windows';
import { type Question, numberOf, readQuestion, tokensInSpan, wordPattern } from './text';

/** Everything a question says, slot by slot, before an operation is chosen. */
export interface Slots {
  readonly question: Question;
  readonly accounts: readonly AccountLink[];
  readonly cities: readonly CityLink[];
  readonly hashtags: readonly HashtagLink[];
  readonly topics: readonly TopicLink[];
  readonly windows: readonly WindowMention[];
  readonly limit?: number;
  readonly cues: ReadonlySet<Cue>;
  /** Where each cue was first seen (token index). */
  readonly cueAt: ReadonlyMap<Cue, number>;
  readonly measures: readonly MeasureId[];
  readonly entities: readonly EntityWord[];
  readonly groupBy?: DimensionId;
  readonly references: readonly Reference[];
  readonly outOfScope: readonly { readonly kind: string; readonly written: string }[];
  /** Content words nothing else claimed, in question order (the text of a similarity search). */
  readonly leftovers: readonly string[];
  /** Words describing a look or a subject: leftovers plus topic words, in order (for similarity searches). */
  readonly description: readonly string[];
}

interface Hit {
  readonly entry: LexiconEntry;
  readonly order: number;
  readonly tokens: readonly number[];
  readonly chars: number;
}

const COMPILED: readonly { entry: LexiconEntry; re: RegExp }[] = LEXICON.map((entry) => ({
  entry,
  re: wordPattern(entry.pattern),
}));

const LIMIT_PATTERNS = [
  /(?<![\p{L}\p{N}])(?:top|first|best) (\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty)(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])(\d{1,3}|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty) (?:best|top|most|biggest|highest|largest|leading|worst|lowest|strongest|popular|posts|accounts|restaurants|hashtags|tags|places|spots|cities|creators)(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])(?:the|a) (\d{1,3}|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty) (?:most|best|biggest|highest|top)(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])(\d{1,2}|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty) (?:[\p{L}]+ ){1,2}(?:posts|accounts|restaurants|hashtags|tags|places|spots|creators|shops)(?![\p{L}\p{N}])/gu,
];

/** Reads every slot of a question against the lake's vocabulary and the general lexicon. */
export function readSlots(text: string, index: VocabularyIndex, anchor: string): Slots {
  const question = readQuestion(text);
  const used = new Set<number>();
  const accounts = linkAccounts(question, index, used);
  const hashtags = linkHashtags(question, index, used);
  const cities = linkCities(question, index, used);
  accounts.push(...linkDistinctiveNames(question, index, used));
  const windows = readWindows(question, anchor, used);
  for (const w of windows) for (const t of w.tokens) used.add(t);

  const taken: ReadonlySet<number> = new Set(used);
  let limit: number | undefined;
  for (const pattern of LIMIT_PATTERNS) {
    for (const m of question.normalised.matchAll(pattern)) {
      const value = numberOf(m[1]);
      if (value === undefined || limit !== undefined) continue;
      const tokens = tokensInSpan(question, m.index!, m.index! + m[0].length);
      const numberToken = tokens.find((t) => question.tokens[t].text === m[1]);
      if (numberToken === undefined || used.has(numberToken)) continue;
      limit = value;
      used.add(numberToken);
    }
  }

  // References ("it", "their", "those") are read over the whole question: they may sit inside another phrase
  // ("who's posting it the most").
  const references: Reference[] = [];
  const referenceCues: Cue[] = [];
  for (const { entry, re } of COMPILED) {
    if (!entry.reference) continue;
    for (const m of question.normalised.matchAll(re)) {
      const tokens = tokensInSpan(question, m.index!, m.index! + m[0].length);
      if (tokens.some((t) => taken.has(t))) continue;
      references.push(entry.reference);
      referenceCues.push(...(entry.cues ?? []));
    }
  }
  const hits: Hit[] = [];
  COMPILED.forEach(({ entry, re }, order) => {
    if (entry.reference) return;
    for (const m of question.normalised.matchAll(re)) {
      const tokens = tokensInSpan(question, m.index!, m.index! + m[0].length);
      if (!tokens.length || tokens.some((t) => used.has(t))) continue;
      hits.push({ entry, order, tokens, chars: m[0].length });
    }
  });
  hits.sort((a, b) => b.tokens.length - a.tokens.length || b.chars - a.chars || a.order - b.order);
  const accepted: Hit[] = [];
  const lexiconTokens = new Set<number>();
  for (const hit of hits) {
    if (hit.tokens.some((t) => lexiconTokens.has(t))) continue;
    accepted.push(hit);
    for (const t of hit.tokens) lexiconTokens.add(t);
  }
  accepted.sort((a, b) => a.tokens[0] - b.tokens[0]);

  const quotedTokens = new Set<number>();
  if (question.quoted) {
    const at = question.normalised.indexOf(readQuestion(question.quoted).normalised);
    if (at >= 0)
      for (const t of tokensInSpan(question, at, at + readQuestion(question.quoted).normalised.length))
        quotedTokens.add(t);
  }
  const cues = new Set<Cue>();
  const cueAt = new Map<Cue, number>();
  const measures: MeasureId[] = [];
  const entities: EntityWord[] = [];
  for (const cue of referenceCues) cues.add(cue);
  const outOfScope: { kind: string; written: string }[] = [];
  const impliedCuisines: { label: string; tokens: readonly number[] }[] = [];
  let groupBy: DimensionId | undefined;
  for (const hit of accepted) {
    const e = hit.entry;
    for (const cue of e.cues ?? []) {
      // A follow-up word counts only where a follow-up starts: "and in Seattle?", "only this week".
      if (cue === 'follow-up' && hit.tokens[0] !== 0) continue;
      cues.add(cue);
      if (!cueAt.has(cue)) cueAt.set(cue, hit.tokens[0]);
    }
    if (e.measure && !measures.includes(e.measure)) measures.push(e.measure);
    if (e.entity && !entities.includes(e.entity)) entities.push(e.entity);
    // "average followers per account in each city": the account is the unit, the city the grouping.
    if (e.groupBy && (!groupBy || groupBy === 'creator')) groupBy = e.groupBy;
    if (e.cuisine) impliedCuisines.push({ label: e.cuisine, tokens: hit.tokens });
    // Quoted text is what the user is looking for ("similar to 'ignore previous instructions'"), not a request.
    if (e.outOfScope && !hit.tokens.every((t) => quotedTokens.has(t)))
      outOfScope.push({ kind: e.outOfScope, written: hit.tokens.map((t) => question.tokens[t].raw).join(' ') });
  }
  for (const t of lexiconTokens) used.add(t);

  // Topic words may also be lexicon words only when nothing else claimed them; lexicon hits win.
  const topics = linkTopics(question, index, used, () => true);
  for (const implied of impliedCuisines) {
    if (topics.some((t) => t.topic.label === implied.label)) continue;
    const link = linkTopicLabel(implied.label);
    if (link) topics.push({ topic: link, tokens: implied.tokens, written: implied.label });
  }

  const leftovers: string[] = [];
  const description: string[] = [];
  const topicTokens = new Set(topics.flatMap((t) => t.tokens));
  question.tokens.forEach((t, i) => {
    if (t.kind !== 'word') return;
    if (topicTokens.has(i)) {
      description.push(t.text);
      return;
    }
    if (used.has(i) || STOPWORDS.has(t.text) || t.text.length < 2) return;
    leftovers.push(t.text);
    description.push(t.text);
  });

  return {
    question,
    accounts: dedupe(accounts, (a) => a.handle),
    cities: dedupe(cities, (c) => c.city),
    hashtags: dedupe(hashtags, (h) => h.tag),
    topics: dedupe(topics, (t) => t.topic.label),
    windows,
    ...(limit !== undefined ? { limit } : {}),
    cues,
    cueAt,
    measures,
    entities,
    ...(groupBy ? { groupBy } : {}),
    references,
    outOfScope,
    leftovers,
    description,
  };
}

function linkTopicLabel(label: string) {
  const cuisine = CUISINES[label];
  return cuisine ? { label, terms: [...new Set([...cuisine.match, label])] } : undefined;
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
