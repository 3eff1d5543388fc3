import { canonicalCity, CITIES, knownCity, normaliseCityText, type CityDefinition } from '@instalake/lake-schema';

export { normaliseCityText };

/** A city and the spellings people, profiles and search terms use for it (lake-schema's city table). */
export type CityAliases = Pick<CityDefinition, 'name' | 'aliases'>;

/** The one alias table, from lake-schema: filters match any of these, case- and punctuation-insensitively. */
export const CITY_ALIASES: readonly CityAliases[] = CITIES;

/** The city a name or alias refers to; an unknown name stands for itself, canonical as ingestion stores it. */
export function resolveCity(input: string): CityAliases {
  return knownCity(input) ?? { name: canonicalCity(input) ?? input.trim(), aliases: [normaliseCityText(input)] };
}
