import { generateRestaurants, postsCsvChunks, restaurantsCsv } from './generate';

const today = new Date('2026-11-27T12:00:00Z');
const text = (posts: number, seed = 7) =>
  [...postsCsvChunks({ posts, seed, today }, generateRestaurants(20, seed))].join('');

describe('sample data', () => {
  it('is deterministic by seed and differs across seeds', () => {
    expect(text(500)).toBe(text(500));
    expect(text(500, 8)).not.toBe(text(500));
  });

  it('writes the requested number of post rows with the scraper header', () => {
    const lines = text(300)
      .split('\n')
      .filter((l) => /^C/.test(l));
    expect(
      text(300).startsWith(
        'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url,status\n',
      ),
    ).toBe(true);
    // Multi-line captions add physical lines but not rows: count rows by their id prefix at line start.
    expect(lines.length).toBe(300);
  });

  it('includes the restaurants the docs use and dates within the window', () => {
    const csv = restaurantsCsv(generateRestaurants(30));
    expect(csv).toContain("Joe's Pizza");
    expect(csv).toContain('italian_kitchen');
    const dates = [...text(1000).matchAll(/,(\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]);
    expect(dates.every((d) => d <= '2026-11-27' && d >= '2026-08-28')).toBe(true);
  });

  it('writes dates and counts as real scrapers do: month names, epochs, null tokens, a few years alone', () => {
    const csv = text(5000);
    expect(csv).toMatch(
      /,"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, 2026",/,
    );
    expect(csv).toMatch(/,1\d{9},/);
    expect(csv).toMatch(/,n\/a,/);
    expect(csv).toMatch(/,@?\w+,2026,/);
  });
});
