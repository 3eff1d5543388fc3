import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postCitySql } from '@instalake/lake-schema';
import { scopeCtes } from '@instalake/semantic';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader } from '../loader/duckdb-lake-loader';
import { loadLocalCsv } from '../loader/load-local-csv';

const RESTAURANTS = [
  'restaurant_name,city,phone,instagram_handle,followers,posts,bio',
  // Two profiles in two cities: the one with more followers decides.
  'Joes Pizza,NYC,212-555-0101,@Joes_Pizza,12.5K,340,',
  'Joes Pizza LA,Los Angeles,310-555-0101,joes_pizza,900,12,',
  // A profile without a city next to one with: the one with a city decides.
  'Tartine,,,tartine,50K,10,',
  'Tartine SF,San Fran,415-555-0199,tartine,1K,10,',
  // A profile whose only city is blank: its posts fall back to the search term.
  'Nowhere Cafe,,,nowhere,10,1,',
  // Two profiles with as many followers in two cities: the greater city name decides, the same way everywhere.
  'Twin Tacos,Austin,512-555-0100,twins,1K,1,',
  'Twin Tacos Miami,Miami,305-555-0100,twins,1K,1,',
].join('\n');

const POSTS = [
  'post_id,search_term,creator,posted_date,likes,comments',
  'p1,tacos la,joes_pizza,2024-05-01,1,1', // profile (New York) over the search term
  'p2,pizza sf,@JOES_PIZZA ,2024-05-01,1,1', // handle matched ignoring @, case and spaces
  'p3,bread nyc,tartine,2024-05-01,1,1',
  'p4,tacos la,nowhere,2024-05-01,1,1', // no profile city: the search term's (an ambiguous alias, alone)
  'p5,sea bass miami,stranger,2024-05-01,1,1', // no profile: the clear alias wins over the ambiguous one
  'p6,#nycfoodie,stranger,2024-05-01,1,1', // names no city
  'p7,,stranger,2024-05-01,1,1',
  'p8,tacos la,twins,2024-05-01,1,1',
].join('\n');

// Trends and the knowledge base read a post's city through postCitySql over the canonical cities computed at
// ingest; the semantic layer computes its city membership in its own SQL. Both must put every post in one city.
describe('post city: lake-schema postCitySql and the semantic layer agree', () => {
  let dir: string;
  let engine: DuckDbLakeEngine;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-post-city-'));
    engine = await DuckDbLakeEngine.open({ catalog: new LocalCatalog(join(dir, 'lake.duckdb')), threads: 1 });
    const loader = new DuckDbLakeLoader(engine, join(dir, 'scratch'));
    for (const [name, content] of [
      ['instagram_results.csv', RESTAURANTS],
      ['post_results.csv', POSTS],
    ]) {
      await writeFile(join(dir, name), content);
      await loadLocalCsv(loader, { path: join(dir, name), loadedAt: new Date('2024-06-01T00:00:00Z') });
    }
  });
  afterAll(async () => {
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  const citiesOf = (sql: string) =>
    engine.withConnection(async (c) =>
      Object.fromEntries((await c.runAndReadAll(sql)).getRows().map(([id, city]) => [String(id), city])),
    );

  it('gives every post the same city, one per post', async () => {
    const lake = await citiesOf(
      `SELECT post_id, city FROM (${postCitySql('lake.instagram_db.posts', 'lake.instagram_db.restaurants')}) ORDER BY 1`,
    );
    expect(lake).toEqual({
      p1: 'New York',
      p2: 'New York',
      p3: 'San Francisco',
      p4: 'Los Angeles',
      p5: 'Miami',
      p6: null,
      p7: null,
      p8: 'Miami',
    });
    const semantic = await citiesOf(
      `WITH posts AS (SELECT * FROM lake.instagram_db.posts), restaurants AS (SELECT * FROM lake.instagram_db.restaurants),
       ${scopeCtes({ window: { kind: 'all' } }, {}).join(',\n')} SELECT post_id, city FROM scope ORDER BY 1`,
    );
    expect(semantic).toEqual(lake);
  });
});
