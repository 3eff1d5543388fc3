import type { Topic } from '../plan/plan';
import { regexEscape, sqlString } from '../sql/literals';

/** The post text a topic is looked for in. */
export const TOPIC_COLUMNS = ['caption', 'hashtags', 'search_term', 'image_description'] as const;

export const TOPIC_DEFINITION =
  'a post is about a topic when its caption, hashtags, search term or image description contains one of its words (whole words, plurals too)';

/** Lower case, letters, digits, spaces and hyphens only: what a topic term may hold. */
export function cleanTerm(term: string): string {
  return term
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Singular stem of an English word ("tacos" -> "taco", "brunches" -> "brunch"); short words stay. */
export function stem(word: string): string {
  if (word.length > 4 && /(ch|sh|ss|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** RE2 pattern for one term: its words stemmed, joined by nothing, space, "_" or "-", plural endings allowed. */
function termPattern(term: string): string | undefined {
  const words = cleanTerm(term).split(/[ -]+/).filter(Boolean).map(stem);
  if (!words.length) return undefined;
  return `${words.map(regexEscape).join('[ _-]?')}(s|es)?`;
}

/**
 * SQL predicate: the row's text columns contain one of the topic's terms as a whole word. A substring test on the
 * first stem runs first so the regular expression only sees candidate rows.
 */
export function topicPredicateSql(topic: Topic, columns: readonly string[] = TOPIC_COLUMNS): string {
  const terms = topic.terms.map(cleanTerm).filter(Boolean);
  const patterns = terms.map(termPattern).filter((p): p is string => p !== undefined);
  if (!patterns.length) return 'false';
  const needles = [...new Set(terms.map((t) => stem(t.split(/[ -]+/)[0])))];
  const candidates = columns.flatMap((c) => needles.map((n) => `contains(lower(${c}), ${sqlString(n)})`)).join(' OR ');
  const pattern = `(^|[^\\p{L}\\p{N}])(${patterns.join('|')})($|[^\\p{L}\\p{N}])`;
  return `((${candidates}) AND regexp_matches(lower(concat_ws(' ', ${columns.join(', ')})), ${sqlString(pattern)}))`;
}
