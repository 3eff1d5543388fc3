import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetTrends } from '@instalake/trends';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbQuerySandbox } from './duckdb-query-sandbox';
import { DuckDbTrendsSource } from './duckdb-trends-source';
import { seedLocalLake } from './seed-local-lake';

/**
 * A generated data set whose trends are known by construction (window 2024-06-08..14, previous 06-01..07):
 * - @NYC_Alpha (profile New York): 6 posts on Saturday 06-08, "#Pizza #NYC" + caption "#pizza", 100 likes + 10 comments;
 *   3 posts in the previous window with #pizza only.
 * - nyc_beta (profile "Manhattan, NY"): 4 posts on Sunday 06-09, "#brunch" + caption "#Brunch ... #mimosa", 50 likes,
 *   one of them with hidden likes (-1).
 * - random_fan (no profile, search term names New York City): 2 posts on Wednesday 06-12, "pizza", 10 likes, no caption.
 * - sf_gamma (profile San Francisco) searched "pizza nyc": its profile wins, so it is San Francisco, not New York.
 * - la_fan (no profile) searched "laguna tacos": "la" must match whole words only, so it is not Los Angeles.
 * - chi_delta (profile Chicago): 150 posts in the window.
 */
function generatedLake(): Record<string, string> {
  const restaurants = [
    'restaurant_name,city,phone,instagram_handle,followers,posts,bio',
    'Alpha Pizza,New York,555-000-0001,@NYC_Alpha,10K,100,Pizza',
    'Beta Brunch,"Manhattan, NY",555-000-0002,nyc_beta,5K,50,Brunch',
    'Gamma Dumplings,San Francisco,555-000-0003,sf_gamma,3K,20,Dumplings',
    'Delta Deep Dish,Chicago,555-000-0004,chi_delta,1M,900,Deep dish',
  ];
  const posts = ['post_id,search_term,creator,posted_date,likes,comments,hashtags,caption'];
  let id = 0;
  const add = (
    search: string,
    creator: string,
    date: string,
    likes: number,
    comments: number | '',
    hashtags: string,
    caption: string,
  ) =>
    posts.push(
      [`p${++id}`, search, creator, date, likes, comments, hashtags, caption].map((v) => `"${String(v)}"`).join(','),
    );
  for (let i = 0; i < 6; i++) add('pizza nyc', '@nyc_alpha', '2024-06-08', 100, 10, '#Pizza #NYC', 'Slice time #pizza');
  for (let i = 0; i < 3; i++) add('pizza nyc', '@nyc_alpha', '2024-06-03', 100, 10, '#pizza', 'Old slice');
  for (let i = 0; i < 4; i++)
    add('brunch manhattan', 'nyc_beta', '2024-06-09', i === 0 ? -1 : 50, 0, '#brunch', 'Sunday #Brunch vibes #mimosa');
  for (let i = 0; i < 2; i++) add('best pizza New-York City', 'random_fan', '2024-06-12', 10, '', 'pizza', '');
  for (let i = 0; i < 3; i++) add('pizza nyc', 'sf_gamma', '2024-06-10', 70, 7, '#pizza', 'SF slice');
  add('laguna tacos', 'la_fan', '2024-06-10', 5, 0, '#tacos', 'Tacos');
  for (let i = 0; i < 150; i++)
    add('deep dish', 'chi_delta', '2024-06-13', 20 + i, 1, '#deepdish', 'Deep dish #chicago');
  add('pizza nyc', '@nyc_alpha', '2024-06-15', 999, 0, '#future', 'after the window');
  return { 'instagram_results.csv': restaurants.join('\n'), 'post_results.csv': posts.join('\n') };
}

describe('GetTrends on DuckDB (generated data set with known trends)', () => {
  let dir: string;
  let sandbox: DuckDbQuerySandbox;
  let trends: GetTrends;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-trends-'));
    const file = join(dir, 'lake.duckdb');
    await seedLocalLake(file, generatedLake());
    sandbox = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(file), threads: 1 });
    trends = new GetTrends(new DuckDbTrendsSource(sandbox), () => new Date('2024-06-14T12:00:00Z'));
  });
  afterAll(async () => {
    sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the trending hashtags of New York with engagement and growth', async () => {
    const report = await trends.execute({ city: 'NYC', days: 7 });
    expect(report).toMatchObject({
      city: 'New York',
      window: { from: '2024-06-08', to: '2024-06-14', days: 7 },
      previousWindow: { from: '2024-06-01', to: '2024-06-07' },
      dataPoints: 12,
      accounts: 3,
      previousDataPoints: 3,
      hiddenLikesExcluded: 1,
      avgEngagement: 75.45,
      confidence: 'MEDIUM',
    });
    expect(report.hashtags).toEqual([
      {
        tag: 'pizza',
        posts: 8,
        accounts: 2,
        totalEngagement: 680,
        avgEngagement: 85,
        hiddenLikesPosts: 0,
        previousPosts: 3,
        growthPct: 166.7,
      },
      {
        tag: 'nyc',
        posts: 6,
        accounts: 1,
        totalEngagement: 660,
        avgEngagement: 110,
        hiddenLikesPosts: 0,
        previousPosts: 0,
        growthPct: null,
      },
      {
        tag: 'brunch',
        posts: 4,
        accounts: 1,
        totalEngagement: 150,
        avgEngagement: 50,
        hiddenLikesPosts: 1,
        previousPosts: 0,
        growthPct: null,
      },
      {
        tag: 'mimosa',
        posts: 4,
        accounts: 1,
        totalEngagement: 150,
        avgEngagement: 50,
        hiddenLikesPosts: 1,
        previousPosts: 0,
        growthPct: null,
      },
    ]);
  });

  it('ranks content patterns by engagement score', async () => {
    const report = await trends.execute({ city: 'new york', days: 7 });
    expect(report.patterns.slice(0, 4)).toEqual([
      { kind: 'search_term', value: 'pizza nyc', posts: 6, avgEngagement: 110, score: 94.3 },
      { kind: 'weekday', value: 'Saturday', posts: 6, avgEngagement: 110, score: 94.3 },
      { kind: 'caption_length', value: 'short (under 50 chars)', posts: 10, avgEngagement: 90, score: 84.81 },
      { kind: 'hashtag_count', value: '1-2 hashtags', posts: 12, avgEngagement: 75.45, score: 75.45 },
    ]);
    const weekdays = report.patterns.filter((p) => p.kind === 'weekday').map((p) => p.value);
    expect(weekdays).toEqual(['Saturday', 'Sunday', 'Wednesday']);
  });

  it('accepts aliases in any case and the as-of date', async () => {
    const a = await trends.execute({ city: 'MANHATTAN', days: 7, asOf: '2024-06-14' });
    const b = await trends.execute({ city: 'New York City', days: 7 });
    expect(a.hashtags).toEqual(b.hashtags);
    const later = await trends.execute({ city: 'nyc', days: 1, asOf: '2024-06-15' });
    expect(later.hashtags.map((h) => h.tag)).toEqual(['future']);
  });

  it("lets the creator's profile decide the city before the search term", async () => {
    const sf = await trends.execute({ city: 'SF', days: 7 });
    expect(sf).toMatchObject({ city: 'San Francisco', dataPoints: 3, confidence: 'LOW' });
    expect(sf.hashtags.map((h) => [h.tag, h.posts])).toEqual([['pizza', 3]]);
  });

  it('matches aliases as whole words only', async () => {
    const la = await trends.execute({ city: 'LA', days: 7 });
    expect(la).toMatchObject({ city: 'Los Angeles', dataPoints: 0, hashtags: [], confidence: 'LOW' });
  });

  it('rates a large sample HIGH', async () => {
    const chicago = await trends.execute({ city: 'chicago', days: 7 });
    expect(chicago).toMatchObject({ dataPoints: 150, confidence: 'HIGH' });
    expect(chicago.hashtags.map((h) => h.tag)).toEqual(['chicago', 'deepdish']);
    expect(chicago.hashtags[0]).toMatchObject({
      posts: 150,
      totalEngagement: 150 * 21 + (149 * 150) / 2,
      avgEngagement: 95.5,
    });
  });
});
