/** DuckDB: a handle as posts.creator and restaurants.instagram_handle are matched ("@Joes_Pizza " -> "joes_pizza"). */
export function handleKeySql(expr: string): string {
  return `lower(ltrim(trim(${expr}), '@'))`;
}

/**
 * DuckDB: `SELECT <columns>, <city> AS city FROM <posts> p ...`, one row per post, with the city it belongs to: the
 * canonical city of its creator's restaurant profile (creator = instagram_handle, ignoring "@" and case; of several
 * profiles, the one with the most followers that has a city), else the city its own search term names
 * (posts.canonical_city); NULL when neither is known. The semantic layer's city membership says the same.
 * `posts` is any relation with the posts columns (a table or a CTE such as a date window); `restaurants` the
 * restaurants table.
 */
export function postCitySql(posts: string, restaurants: string, columns = 'p.*'): string {
  return `SELECT ${columns}, coalesce(pc.city, p.canonical_city) AS city
FROM ${posts} p
LEFT JOIN (
  SELECT ${handleKeySql('instagram_handle')} AS handle, ${PROFILE_CITY_AGGREGATE_SQL} AS city
  FROM ${restaurants}
  WHERE nullif(${handleKeySql('instagram_handle')}, '') IS NOT NULL
  GROUP BY 1
) pc ON pc.handle = ${handleKeySql('p.creator')}`;
}

/**
 * DuckDB aggregate over one account's restaurant rows: the canonical city of its profile, the one with the most
 * followers among those with a city (ties: the greatest city name), NULL when none has one.
 */
export const PROFILE_CITY_AGGREGATE_SQL =
  "arg_max(canonical_city, {'followers': coalesce(followers_count, -1), 'city': canonical_city}) FILTER (WHERE canonical_city IS NOT NULL)";
