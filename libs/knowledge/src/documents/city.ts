import { CITY_ALIASES, normaliseCityText, resolveCity } from '@instalake/trends';

/**
 * The city name documents store and filters compare (Bedrock's `equals` is case-sensitive): the trends alias
 * table's name for a known city ("NYC", "Manhattan" -> "New York"), else the normalised words in title case,
 * so two spellings of an unlisted city still agree. The lake SQL (duckdb knowledge source) does the same.
 */
export function canonicalCity(value: string | null | undefined): string | undefined {
  if (value == null || !normaliseCityText(value)) return undefined;
  const resolved = resolveCity(value);
  if (CITY_ALIASES.includes(resolved)) return resolved.name;
  return titleCase(normaliseCityText(value));
}

export function titleCase(words: string): string {
  return words
    .split(' ')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}
