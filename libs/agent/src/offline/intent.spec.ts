import { parseIntent } from './intent';

describe('parseIntent', () => {
  it.each([
    [
      'Top 10 posts by likes in NYC',
      { kind: 'top-posts', limit: 10, metric: 'likes', metricAssumed: false },
      'New York',
    ],
    [
      'What are the 5 most liked posts in New York City this week?',
      { kind: 'top-posts', limit: 5, metric: 'likes', days: 7 },
      'New York',
    ],
    ['best posts by comments in SF', { kind: 'top-posts', metric: 'comments' }, 'San Francisco'],
    ['Top 10 posts in NYC', { kind: 'top-posts', metric: 'engagement', metricAssumed: true }, 'New York'],
    ["Find posts similar to 'rustic pasta plating'", { kind: 'similar-text', text: 'rustic pasta plating' }, undefined],
    [
      'show me photos that look like "candle-lit tiramisu"',
      { kind: 'similar-text', text: 'candle-lit tiramisu' },
      undefined,
    ],
    ['Compare @joes_pizza to competitors', { kind: 'compare-account', handle: 'joes_pizza' }, undefined],
    ['How does @Joes_Pizza stack up against rivals?', { kind: 'compare-account', handle: 'joes_pizza' }, undefined],
    ['Trending hashtags this week in SF', { kind: 'trending-hashtags', days: 7 }, 'San Francisco'],
    ["what's trending in chicago this month", { kind: 'trending-hashtags', days: 30 }, 'Chicago'],
    ['What makes brunch posts successful?', { kind: 'success-factors', topic: 'brunch' }, undefined],
    ['why do ramen posts perform well in NYC', { kind: 'success-factors', topic: 'ramen' }, 'New York'],
    ['Show me viral dessert content', { kind: 'viral-content', topic: 'dessert' }, undefined],
    ['Show me similar ones', { kind: 'similar-previous' }, undefined],
    ['more like these please', { kind: 'similar-previous' }, undefined],
    ['Compare to last week', { kind: 'compare-previous-period', days: 7 }, undefined],
    ['how about the previous month?', { kind: 'compare-previous-period', days: 30 }, undefined],
    ['What is the meaning of life?', { kind: 'help' }, undefined],
  ])('%s', (question, expected, city) => {
    const intent = parseIntent(question);
    expect(intent).toMatchObject(expected);
    expect((intent as { city?: { name: string } }).city?.name).toBe(city);
  });

  it('does not read "la" in ordinary words or lower-case prose as Los Angeles', () => {
    expect((parseIntent('top posts for la carte menus') as { city?: unknown }).city).toBeDefined(); // "for la" reads as LA
    expect((parseIntent('top gelato posts') as { city?: unknown }).city).toBeUndefined();
    expect((parseIntent('top posts in LA') as { city?: { short: string } }).city?.short).toBe('LA');
  });
});
