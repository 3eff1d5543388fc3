import { checkNumbers, UNVERIFIED_MARK } from './number-check';

const RESULT = JSON.stringify({
  columns: ['handle', 'likes', 'avg_engagement', 'share', 'followers', 'posted_date'],
  rows: [
    {
      handle: 'joes_pizza',
      likes: 3606,
      avg_engagement: 655.1538461538462,
      share: 0.1234,
      followers: 64800,
      posted_date: '2026-11-28',
    },
  ],
});

describe('checkNumbers', () => {
  it('keeps numbers the tools returned, in the usual spellings, and removes the others', () => {
    const answer = [
      '@joes_pizza leads with 3,606 likes (3606) and 655.2 average engagement, 12.3% of all posts, 64.8K followers.',
      'Its best post was on 2026-11-28 at https://www.instagram.com/p/D4Dmpq7Cii4d/ and it grew 38% last week.',
      '1. Post 3 times a week (about 1.7 posts more than the 12,345 others).',
    ].join('\n');
    const checked = checkNumbers(answer, [RESULT, 'Top 5 posts in NYC']);
    expect(checked.removed).toEqual(['38%', '1.7', '12,345']);
    expect(checked.text).toContain(`it grew ${UNVERIFIED_MARK} last week`);
    expect(checked.text).toContain(
      '3,606 likes (3606) and 655.2 average engagement, 12.3% of all posts, 64.8K followers',
    );
    expect(checked.text).toContain('https://www.instagram.com/p/D4Dmpq7Cii4d/');
    expect(checked.text).toMatch(/^1\. Post 3 times/m);
  });

  it('flags dates the tools never returned', () => {
    const checked = checkNumbers('Posted on 2026-11-28 and 2025-01-01.', [RESULT]);
    expect(checked.removed).toEqual(['2025-01-01']);
    expect(checked.text).toBe(`Posted on 2026-11-28 and ${UNVERIFIED_MARK}.`);
  });

  it('does not mistake ids and handles for numbers', () => {
    expect(checkNumbers('See @cafe123 and #top10 in post Dmpf7YPJFs5.', []).removed).toEqual([]);
  });
});
