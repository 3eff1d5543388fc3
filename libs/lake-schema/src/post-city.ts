/**
 * Which city a post belongs to, the one definition trends, the knowledge base and the agent share: the canonical city
 * of its creator's restaurant profile when the creator has one, else the city its own search term names.
 */
export const POST_CITY_RULE =
  "a post belongs to the city of its creator's restaurant profile (creator = instagram_handle, ignoring @ and case; " +
  'each city the creator has a profile in), else to the city its search term names (posts.canonical_city)';

/** DuckDB: a handle as posts.creator and restaurants.instagram_handle are matched ("@Joes_Pizza " -> "joes_pizza"). */
export function handleKeySql(expr: string): string {
  return `lower(ltrim(trim(${expr}), '@'))`;
}

/**
 * DuckDB: `SELECT <columns>, <city> AS city FROM <posts> p ...`: one row per post and city it belongs to (several for a
 * creator with profiles in several cities; city NULL when none is known). `posts` is any relation with the posts
 * columns (a table or a CTE such as a date window); `restaurants` the restaurants table.
 */
export function postCitiesSql(posts: string, restaurants: string, columns = 'p.*'): string {
  return `SELECT ${columns}, coalesce(pc.city, p.canonical_city) AS city
FROM ${posts} p
LEFT JOIN (
  SELECT DISTINCT ${handleKeySql('instagram_handle')} AS handle, canonical_city AS city FROM ${restaurants}
  WHERE nullif(trim(instagram_handle), '') IS NOT NULL AND canonical_city IS NOT NULL
) pc ON pc.handle = ${handleKeySql('p.creator')}`;
}
