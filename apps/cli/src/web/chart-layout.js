// Pure geometry for the answer charts (no DOM), so it can be unit-tested and drawn by chart-svg.js.
// Bar charts are horizontal (long hashtags and restaurant names stay readable on a phone);
// line charts put labels (dates) on the x axis.

export const CHART_WIDTH = 640;
export const MIN_CHART_WIDTH = 280;
const FONT_PX = 13;
const CHAR_PX = 8; // a generous glyph width at 13px (wide fonts such as DejaVu Sans included)
const MAX_LABEL_CHARS = 24;

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** @param {number} value */
export function formatNumber(value) {
  return Number.isFinite(value) ? numberFormat.format(value) : 'no value';
}

/** Shortens a label for an axis; the full text stays in the chart's text alternative. */
export function shortLabel(label, max = MAX_LABEL_CHARS) {
  const text = String(label ?? '');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * About `count` round tick values covering [min, max] (1, 2, 2.5, 5 x 10^n steps).
 * @returns {number[]}
 */
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    if (min === 0) return [0, 1];
    [min, max] = min > 0 ? [0, min] : [min, 0];
  }
  const rawStep = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rawStep) ?? 10 * magnitude;
  const first = Math.floor(min / step) * step;
  const ticks = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Numeric values of a series aligned to the labels; anything not a finite number is a gap (null). */
function aligned(values, length) {
  return Array.from({ length }, (_, i) => {
    const v = values?.[i];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  });
}

function domain(series, width) {
  const all = series.flatMap((s) => s.values).filter((v) => v !== null);
  // Fewer ticks on a phone so the axis numbers never touch.
  return niceTicks(Math.min(0, ...all), Math.max(0, ...all), width < 480 ? 3 : 5);
}

/**
 * @param {{ kind: 'bar' | 'line', title: string, labels: string[], series: { name: string, values: number[] }[] }} chart
 * @param {{ width?: number }} [options] the width available on screen, so text is drawn at its real size on a phone
 */
export function layoutChart(chart, options = {}) {
  const width = Math.round(Math.min(CHART_WIDTH, Math.max(MIN_CHART_WIDTH, options.width ?? CHART_WIDTH)));
  const labels = (chart.labels ?? []).map(String);
  const series = (chart.series ?? []).map((s) => ({
    name: String(s.name ?? ''),
    values: aligned(s.values, labels.length),
  }));
  return chart.kind === 'line' ? layoutLine(labels, series, width) : layoutBar(labels, series, width);
}

function layoutBar(labels, series, width) {
  const ticks = domain(series, width);
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];
  const maxChars = width < 480 ? 16 : MAX_LABEL_CHARS;
  const labelWidth = Math.min(
    width * 0.4,
    Math.max(...labels.map((l) => shortLabel(l, maxChars).length), 4) * CHAR_PX + 12,
  );
  const valueRoom = 56; // space right of the longest bar for its value label
  const plot = { left: labelWidth, right: width - valueRoom, top: 8 };
  const barHeight = series.length > 1 ? 14 : 20;
  const groupGap = 10;
  const groupHeight = series.length * barHeight + groupGap;
  plot.bottom = plot.top + Math.max(1, labels.length) * groupHeight;
  const height = plot.bottom + 28;
  const x = (v) => plot.left + ((v - lo) / (hi - lo)) * (plot.right - plot.left);

  const bars = [];
  labels.forEach((label, li) => {
    series.forEach((s, si) => {
      const value = s.values[li];
      if (value === null) return;
      const x0 = x(Math.min(0, value));
      const x1 = x(Math.max(0, value));
      const y = plot.top + li * groupHeight + si * barHeight;
      bars.push({
        label,
        series: s.name,
        seriesIndex: si,
        value,
        x: x0,
        y,
        width: Math.max(1, x1 - x0),
        height: barHeight - 2,
      });
    });
  });
  return {
    kind: 'bar',
    width,
    height,
    plot,
    bars,
    categoryLabels: labels.map((label, li) => ({
      text: shortLabel(label, maxChars),
      full: label,
      x: plot.left - 6,
      y: plot.top + li * groupHeight + (series.length * barHeight) / 2,
      anchor: 'end',
    })),
    valueTicks: ticks.map((value) => ({ value, text: compactFormat.format(value), x: x(value), y: plot.bottom + 18 })),
    zero: x(0),
    series: series.map((s) => s.name),
  };
}

function layoutLine(labels, series, width) {
  const ticks = domain(series, width);
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];
  const plot = { left: 48, right: width - 24, top: 12, bottom: width < 480 ? 192 : 232 };
  const height = plot.bottom + 44;
  const step = labels.length > 1 ? (plot.right - plot.left) / (labels.length - 1) : 0;
  const xAt = (i) => (labels.length > 1 ? plot.left + i * step : (plot.left + plot.right) / 2);
  const y = (v) => plot.bottom - ((v - lo) / (hi - lo)) * (plot.bottom - plot.top);

  const lines = series.map((s, si) => {
    // A gap in the data breaks the line into segments instead of drawing a misleading slope.
    const segments = [];
    let current = [];
    s.values.forEach((value, i) => {
      if (value === null) {
        if (current.length) segments.push(current);
        current = [];
      } else current.push({ x: xAt(i), y: y(value), value, label: labels[i] });
    });
    if (current.length) segments.push(current);
    return { series: s.name, seriesIndex: si, segments, points: segments.flat() };
  });
  // About one x label per 100 px so dates never overlap.
  const every = Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor((plot.right - plot.left) / 100))));
  return {
    kind: 'line',
    width,
    height,
    plot,
    lines,
    categoryLabels: labels
      .map((label, i) => ({
        text: shortLabel(label, 12),
        full: label,
        x: xAt(i),
        y: plot.bottom + 18,
        index: i,
        anchor: 'middle',
      }))
      // Every `every`-th label plus the last one, dropping a regular label that would crowd the last.
      .filter((l, _, all) => l.index === all.length - 1 || (l.index % every === 0 && all.length - 1 - l.index >= every))
      .map((l, i, shown) => ({
        ...l,
        anchor: shown.length > 1 && i === 0 ? 'start' : shown.length > 1 && i === shown.length - 1 ? 'end' : 'middle',
      })),
    valueTicks: ticks.map((value) => ({ value, text: compactFormat.format(value), x: plot.left - 6, y: y(value) })),
    zero: y(0),
    series: series.map((s) => s.name),
  };
}

/**
 * The chart's text alternative: every value in words, so screen-reader users and anyone who cannot
 * tell the colours apart get the same facts.
 */
export function describeChart(chart) {
  const labels = (chart.labels ?? []).map(String);
  const series = chart.series ?? [];
  const kind = chart.kind === 'line' ? 'Line chart' : 'Bar chart';
  if (labels.length === 0 || series.length === 0) return `${kind}: ${chart.title}. No data.`;
  const parts = series.map((s) => {
    const values = aligned(s.values, labels.length);
    const pairs = labels.map((label, i) => `${label} ${formatNumber(values[i] ?? Number.NaN)}`).join(', ');
    return series.length > 1 ? `${s.name}: ${pairs}` : pairs;
  });
  return `${kind}: ${chart.title}. ${parts.join('. ')}.`;
}

export { FONT_PX };
