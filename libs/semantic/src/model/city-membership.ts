import { canonicalCitySql, cityInTextSql } from '@instalake/lake-schema';

/**
 * City membership of posts and profiles, from lake-schema's one city table: a profile's city cell is
 * canonicalised ("NYC" -> "New York"); a post belongs to its creator's profile city, and only when the creator
 * has no profile, to the city its search term names.
 */
export const CITY_MEMBERSHIP_DEFINITION =
  "a post belongs to a city through its creator's restaurant profile (creator = instagram_handle, ignoring @ and case), else through the city its search_term names; names, nicknames and initials resolve through one city table (NYC = New York, Philly = Philadelphia, NOLA = New Orleans)";

/** Canonical city of a scraped profile city cell. */
export function profileCitySql(cityColumn: string): string {
  return canonicalCitySql(cityColumn);
}

/** Canonical city named inside a search term ("pizza nyc" -> New York), NULL when none. */
export function searchTermCitySql(searchTermColumn: string): string {
  return cityInTextSql(searchTermColumn, { allowAmbiguous: true });
}
