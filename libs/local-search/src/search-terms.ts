import { STOP_WORDS } from '@instalake/knowledge';

/**
 * Term normalisation for index and query alike: lower-case, accents folded, stop words dropped and a light
 * English suffix strip so "desserts"/"dessert" and "plating"/"plated" meet (prefix search covers "plate").
 */
export function processTerm(term: string): string | null {
  const word = term
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  if (!word || STOP_WORDS.has(word)) return null;
  return stem(word);
}

export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
