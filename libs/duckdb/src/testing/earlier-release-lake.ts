import { DuckDBInstance } from '@duckdb/node-api';

// The lake file an earlier release wrote: no canonical_city columns, no post_metrics table.
const EARLIER_SCHEMA = [
  'CREATE SCHEMA instagram_db',
  `CREATE TABLE instagram_db.posts (post_id VARCHAR, search_term VARCHAR, creator VARCHAR, posted_date DATE,
     likes INTEGER, comments INTEGER, hashtags VARCHAR, caption VARCHAR, image_description VARCHAR, post_url VARCHAR,
     status VARCHAR, ingested_at TIMESTAMP)`,
  `CREATE TABLE instagram_db.restaurants (restaurant_name VARCHAR, city VARCHAR, phone VARCHAR,
     instagram_handle VARCHAR, followers VARCHAR, followers_count BIGINT, posts_count INTEGER, bio VARCHAR,
     website VARCHAR, status VARCHAR, ingested_at TIMESTAMP)`,
  `INSERT INTO instagram_db.posts VALUES ('p1', 'pizza nyc', '@joes', DATE '2024-05-01', 10, 1, '#pizza', 'Slice',
     NULL, 'https://www.instagram.com/p/p1/', 'ok', TIMESTAMP '2024-05-02'),
   ('p2', 'brunch', '@joes', DATE '2024-05-01', 5, 0, NULL, NULL, NULL, NULL, 'ok', TIMESTAMP '2024-05-02')`,
  `INSERT INTO instagram_db.restaurants VALUES ('Joes', 'NEW YORK', '212-555-0101', '@joes', '1K', 1000, 3, NULL,
     NULL, 'ok', TIMESTAMP '2024-05-02')`,
];

/** Writes, at `file`, a lake as an earlier release left it (two posts, one whose search term names New York, and one restaurant in New York). */
export async function writeEarlierReleaseLake(file: string): Promise<void> {
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  try {
    for (const statement of EARLIER_SCHEMA) await c.run(statement);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
