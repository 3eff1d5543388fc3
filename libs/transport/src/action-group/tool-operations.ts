import { describeTable, PostsTable, RestaurantsTable } from '@instalake/lake-schema';
import { MEASURES } from '@instalake/semantic';
import { TRENDS_DEFINITIONS } from '@instalake/trends';

export type ToolPath = '/query_posts' | '/query_restaurants' | '/get_trends';

export interface ToolParameter {
  readonly name: string;
  readonly type: 'string' | 'integer';
  readonly required: boolean;
  readonly description: string;
}

/** One action-group operation: the handler routes on it and the OpenAPI document is generated from it. */
export interface ToolOperation {
  readonly path: ToolPath;
  readonly method: 'POST';
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly ToolParameter[];
}

const SQL_RULES = [
  'Send exactly one read-only DuckDB SELECT (CTEs, joins, window functions, subqueries and UNION are fine).',
  'Only the tables posts and restaurants exist (also written instagram_db.posts); no table functions, files, URLs or settings.',
  'Results are capped at 100 rows (your own smaller LIMIT is kept): aggregate in SQL instead of fetching raw rows.',
  "Join posts to restaurants with lower(ltrim(posts.creator, '@')) = lower(ltrim(restaurants.instagram_handle, '@')).",
  // The semantic layer's definitions, so every agent states the same metric.
  `Engagement: ${MEASURES.engagement.definition}; say how many posts were left out.`,
  `Engagement rate: ${MEASURES.engagement_rate.definition} (restaurants.followers_count).`,
  "Match text filters case-insensitively (lower(city) LIKE '%new york%'); phone numbers are always masked.",
  'Refused queries return an error code and a message saying what to change.',
].join(' ');

const sqlParameter: ToolParameter = {
  name: 'sql',
  type: 'string',
  required: true,
  description: 'One DuckDB SELECT statement.',
};

/** The action group's operations: the single source for the handler's routes and the OpenAPI document. */
export const TOOL_OPERATIONS: readonly ToolOperation[] = [
  {
    path: '/query_posts',
    method: 'POST',
    operationId: 'query_posts',
    summary: 'Run a read-only SQL SELECT over Instagram posts (may join restaurants).',
    description: `${SQL_RULES}\n\nTable schemas:\n${describeTable(PostsTable)}\n\n${describeTable(RestaurantsTable)}`,
    parameters: [sqlParameter],
  },
  {
    path: '/query_restaurants',
    method: 'POST',
    operationId: 'query_restaurants',
    summary: 'Run a read-only SQL SELECT over restaurant profiles (may join posts).',
    description: `${SQL_RULES}\n\nTable schemas:\n${describeTable(RestaurantsTable)}\n\n${describeTable(PostsTable)}`,
    parameters: [sqlParameter],
  },
  {
    path: '/get_trends',
    method: 'POST',
    operationId: 'get_trends',
    summary: 'Trending hashtags and best content patterns of a city over the last N days, with growth and confidence.',
    description:
      'Returns hashtags (posts, accounts, total and average engagement, growth against the previous window), content patterns ' +
      '(search terms, weekdays, caption length bands, hashtag counts) ranked by engagement score, data points and confidence. ' +
      `Definitions: ${Object.entries(TRENDS_DEFINITIONS)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}.`,
    parameters: [
      {
        name: 'city',
        type: 'string',
        required: true,
        description: 'City name or alias: NYC, New York, SF, San Francisco, LA, Chicago, Austin...',
      },
      {
        name: 'days',
        type: 'integer',
        required: false,
        description: 'Window length in days ending today (1-365, default 7).',
      },
    ],
  },
];

/** Routes the tool Lambda serves (`POST /query_posts`, ...): the same list the OpenAPI document is generated from. */
export const TOOL_ROUTES = TOOL_OPERATIONS.map((op) => `${op.method} ${op.path}`);
