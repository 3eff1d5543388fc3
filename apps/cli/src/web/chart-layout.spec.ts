import type { QueryChart } from './api-client.js';
import {
  CHART_WIDTH,
  MIN_CHART_WIDTH,
  describeChart,
  layoutChart,
  niceTicks,
  shortLabel,
  type BarLayout,
  type LineLayout,
} from './chart-layout.js';

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0, 1204)).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0.42)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('includes zero for a constant series and handles negatives', () => {
    expect(niceTicks(5, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(niceTicks(-30, 70)).toEqual([-40, -20, 0, 20, 40, 60, 80]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
  });
});

describe('layoutChart (bar)', () => {
  const chart: QueryChart = {
    kind: 'bar',
    title: 'Likes by creator',
    labels: ['@joes_pizza', '@nyc_bagels', '@tiny'],
    series: [{ name: 'likes', values: [1200, 600, 0] }],
  };

  it('draws bars proportional to their values from a zero baseline', () => {
    const layout = layoutChart(chart) as BarLayout;
    expect(layout.kind).toBe('bar');
    const [joe, bagels, tiny] = layout.bars;
    expect(joe.x).toBeCloseTo(layout.zero);
    expect(joe.width / bagels.width).toBeCloseTo(2, 5);
    expect(tiny.width).toBe(1); // a zero still shows a hairline
    expect(joe.y).toBeLessThan(bagels.y);
    for (const bar of layout.bars) expect(bar.x + bar.width).toBeLessThanOrEqual(layout.width);
  });

  it('groups several series per label and skips values that are not numbers', () => {
    const layout = layoutChart({
      kind: 'bar',
      title: 'This week vs last week',
      labels: ['#brunch', '#pasta'],
      series: [
        { name: 'this week', values: [10, 4] },
        { name: 'last week', values: [8, Number.NaN] },
      ],
    }) as BarLayout;
    expect(layout.bars.map((b) => `${b.label}/${b.series}`)).toEqual([
      '#brunch/this week',
      '#brunch/last week',
      '#pasta/this week',
    ]);
    expect(layout.series).toEqual(['this week', 'last week']);
  });

  it('shortens long labels for the axis but keeps the full text', () => {
    const long = 'a restaurant name that goes on and on and on';
    const layout = layoutChart({
      kind: 'bar',
      title: 't',
      labels: [long],
      series: [{ name: 's', values: [1] }],
    }) as BarLayout;
    expect(layout.categoryLabels[0].full).toBe(long);
    expect(layout.categoryLabels[0].text).toBe(shortLabel(long));
    expect(layout.categoryLabels[0].text.length).toBeLessThanOrEqual(24);
    expect(layout.plot.left).toBeLessThanOrEqual(CHART_WIDTH * 0.4);
  });
});

describe('layoutChart (width)', () => {
  const chart: QueryChart = {
    kind: 'line',
    title: 't',
    labels: ['a', 'b', 'c'],
    series: [{ name: 's', values: [1, 2, 3] }],
  };

  it('draws at the width available on screen, within sensible bounds', () => {
    expect(layoutChart(chart, { width: 330 }).width).toBe(330);
    expect(layoutChart(chart, { width: 100 }).width).toBe(MIN_CHART_WIDTH);
    expect(layoutChart(chart, { width: 5000 }).width).toBe(CHART_WIDTH);
    const narrow = layoutChart({ ...chart, kind: 'bar' }, { width: 330 }) as BarLayout;
    for (const bar of narrow.bars) expect(bar.x + bar.width).toBeLessThanOrEqual(330);
  });
});

describe('layoutChart (line)', () => {
  it('spaces points evenly and puts higher values higher', () => {
    const layout = layoutChart({
      kind: 'line',
      title: 'Posts per day',
      labels: ['2024-05-01', '2024-05-02', '2024-05-03'],
      series: [{ name: 'posts', values: [3, 9, 6] }],
    }) as LineLayout;
    const [a, b, c] = layout.lines[0].points;
    expect(b.x - a.x).toBeCloseTo(c.x - b.x);
    expect(b.y).toBeLessThan(c.y);
    expect(c.y).toBeLessThan(a.y);
    expect(a.x).toBe(layout.plot.left);
    expect(c.x).toBe(layout.plot.right);
  });

  it('breaks the line at gaps instead of bridging them', () => {
    const layout = layoutChart({
      kind: 'line',
      title: 't',
      labels: ['d1', 'd2', 'd3', 'd4'],
      series: [{ name: 's', values: [1, null as unknown as number, 3, 4] }],
    }) as LineLayout;
    expect(layout.lines[0].segments.map((s) => s.length)).toEqual([1, 2]);
  });

  it('labels about one date per 100 px on the x axis, always including the last', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `2024-05-${String(i + 1).padStart(2, '0')}`);
    const layout = layoutChart({
      kind: 'line',
      title: 't',
      labels,
      series: [{ name: 's', values: labels.map((_, i) => i) }],
    }) as LineLayout;
    expect(layout.categoryLabels.length).toBeLessThanOrEqual(7);
    expect(layout.categoryLabels.at(-1)?.full).toBe('2024-05-30');
    expect(layout.categoryLabels.at(-1)?.anchor).toBe('end');
    expect(layout.categoryLabels[0].anchor).toBe('start');
    // No two shown labels closer than the spacing that keeps dates apart.
    const xs = layout.categoryLabels.map((l) => l.x);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(90);
  });
});

describe('describeChart', () => {
  it('states every value in words', () => {
    expect(
      describeChart({
        kind: 'bar',
        title: 'Top hashtags',
        labels: ['#brunch', '#pasta'],
        series: [{ name: 'posts', values: [1204.5, 98] }],
      }),
    ).toBe('Bar chart: Top hashtags. #brunch 1,204.5, #pasta 98.');
  });

  it('names each series when there are several, and says when there is no data', () => {
    expect(
      describeChart({
        kind: 'line',
        title: 'Weekly',
        labels: ['w1', 'w2'],
        series: [
          { name: 'likes', values: [1, 2] },
          { name: 'comments', values: [3] },
        ],
      }),
    ).toBe('Line chart: Weekly. likes: w1 1, w2 2. comments: w1 3, w2 no value.');
    expect(describeChart({ kind: 'bar', title: 'Empty', labels: [], series: [] })).toBe('Bar chart: Empty. No data.');
  });
});
