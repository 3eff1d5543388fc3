import { CITIES, normaliseCityTextSql } from '@instalake/lake-schema';
import { regexEscape, sqlString } from '../sql/literals';

/** Words of a search term that say neither what nor where ("best pizza near me"). */
const GENERIC_SEARCH_WORDS = [
  'restaurant',
  'restaurants',
  'food',
  'foods',
  'foodie',
  'eats',
  'eat',
  'best',
  'top',
  'near',
  'me',
  'in',
  'the',
  'and',
  'of',
  'spot',
  'spots',
  'place',
  'places',
  'local',
  'good',
  'great',
  'cheap',
];

function alternation(words: readonly string[]): string {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map(regexEscape)
    .join('|');
}

const CLEAR_ALIASES = CITIES.flatMap((c) => c.aliases.filter((a) => !c.ambiguous?.includes(a)));
const AMBIGUOUS_ALIASES = CITIES.flatMap((c) => c.ambiguous ?? []);

/**
 * The cuisine or topic of a search term: its normalised words without the city it names and without generic
 * words ("Pizza NYC" -> "pizza", "best fried chicken in new orleans" -> "fried chicken"); NULL when nothing is left.
 * Initials that are also words ("la", "sea") are removed only as the last word, where scrapers put the city.
 */
export function searchTermCuisineSql(term: string): string {
  const padded = `' ' || ${normaliseCityTextSql(term)} || ' '`;
  const clear = sqlString(` (${alternation(CLEAR_ALIASES)}) `);
  const vague = sqlString(` (${alternation(AMBIGUOUS_ALIASES)}) $`);
  const generic = sqlString(` (${alternation(GENERIC_SEARCH_WORDS)}) `);
  // Twice each: RE2 replaces non-overlapping matches, and neighbours share the space between them.
  let text = `regexp_replace(regexp_replace(${padded}, ${clear}, ' ', 'g'), ${clear}, ' ', 'g')`;
  text = `regexp_replace(${text}, ${vague}, ' ')`;
  text = `regexp_replace(regexp_replace(${text}, ${generic}, ' ', 'g'), ${generic}, ' ', 'g')`;
  return `nullif(trim(regexp_replace(${text}, ' +', ' ', 'g')), '')`;
}

/**
 * Hashtags that say where, not what (#chicagoeats, #nolaeats): they ride along with a city's audience size, so
 * content-driver analysis leaves them out. An RE2 pattern over lower-cased tags.
 */
export function locationTagPattern(): string {
  const names = CLEAR_ALIASES.map((a) => a.replace(/ /g, '')).filter((a) => a.length >= 4);
  return alternation(names);
}
