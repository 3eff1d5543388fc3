/**
 * City membership of posts and profiles, lake-schema's post city rule (postCitySql): ingestion stores each row's
 * canonical city once (restaurants.canonical_city from the scraped city cell, posts.canonical_city from the city the
 * search term names); a post belongs to its creator's profile city, and only when the creator has no profile with a
 * city, to its search term's.
 */
export const CITY_MEMBERSHIP_DEFINITION =
  "a post belongs to a city through its creator's restaurant profile (creator = instagram_handle, ignoring @ and case; of several profiles, the one with the most followers that has a city), else through the city its search_term names; both are the canonical_city columns ingestion computes from one city table (NYC = New York, Philly = Philadelphia, NOLA = New Orleans)";
