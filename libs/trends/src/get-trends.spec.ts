import { resolveCity } from './cities';
import { confidenceFor, GetTrends } from './get-trends';
import { InMemoryTrendsSource } from './ports/trends-source';

const empty = {
  posts: 42,
  accounts: 3,
  hiddenLikesPosts: 2,
  previousPosts: 10,
  avgEngagement: 12.5,
  hashtags: [],
  patterns: [],
};

describe('GetTrends', () => {
  it('computes the window and the previous window of the same length, and passes the city aliases', async () => {
    const source = new InMemoryTrendsSource(empty);
    const report = await new GetTrends(source, () => new Date('2024-03-02T23:59:00Z')).execute({ city: 'sf', days: 3 });
    expect(source.queries[0]).toMatchObject({
      cityAliases: ['san francisco', 'san fran', 'frisco', 'sf'],
      from: '2024-02-29',
      to: '2024-03-02',
      previousFrom: '2024-02-26',
      previousTo: '2024-02-28',
    });
    expect(report).toMatchObject({
      city: 'San Francisco',
      dataPoints: 42,
      hiddenLikesExcluded: 2,
      confidence: 'MEDIUM',
    });
    expect(report.definitions.engagement).toContain('likes + comments');
  });

  it.each([
    [{ city: '' }, 'INVALID_CITY'],
    [{ city: 'NYC', days: 0 }, 'INVALID_DAYS'],
    [{ city: 'NYC', days: 2.5 }, 'INVALID_DAYS'],
    [{ city: 'NYC', days: 400 }, 'INVALID_DAYS'],
    [{ city: 'NYC', asOf: '2024-02-30' }, 'INVALID_DATE'],
    [{ city: 'NYC', asOf: 'yesterday' }, 'INVALID_DATE'],
  ])('refuses %p with %s', async (request, code) => {
    await expect(new GetTrends(new InMemoryTrendsSource(empty)).execute(request)).rejects.toMatchObject({ code });
  });

  it.each([
    [0, 'LOW'],
    [9, 'LOW'],
    [10, 'MEDIUM'],
    [100, 'MEDIUM'],
    [101, 'HIGH'],
  ])('rates %d data points %s', (n, rating) => {
    expect(confidenceFor(n)).toBe(rating);
  });
});

describe('resolveCity', () => {
  it.each([
    ['NYC', 'New York'],
    ['new-york city', 'New York'],
    ['MANHATTAN', 'New York'],
    ['San Francisco', 'San Francisco'],
    ['L.A.', 'Los Angeles'],
    ['ATX', 'Austin'],
  ])('%s -> %s', (input, name) => {
    expect(resolveCity(input).name).toBe(name);
  });

  it('keeps an unknown city as written, normalised for matching', () => {
    expect(resolveCity(' Porto ')).toEqual({ name: 'Porto', aliases: ['porto'] });
  });
});
