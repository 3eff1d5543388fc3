// Draws a chart layout as inline SVG. All data reaches the DOM through textContent/attributes only.
import { describeChart, formatNumber, layoutChart } from './chart-layout.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
let chartCount = 0;

function svgEl(name, attributes = {}, text) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

const round = (v) => Math.round(v * 10) / 10;

/**
 * @param {{ kind: 'bar' | 'line', title: string, labels: string[], series: { name: string, values: number[] }[] }} chart
 * @param {{ width?: number }} [options] the width available on screen
 * @returns {HTMLElement} a <figure> with the SVG, a caption and the chart's text alternative
 */
export function renderChart(chart, options = {}) {
  const id = `chart-${++chartCount}`;
  const layout = layoutChart(chart, options);
  const description = describeChart(chart);

  const figure = document.createElement('figure');
  figure.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.id = `${id}-title`;
  caption.textContent = chart.title;
  figure.append(caption);

  const svg = svgEl('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
    class: `chart-svg chart-svg--${layout.kind}`,
    preserveAspectRatio: 'xMinYMin meet',
  });
  svg.append(svgEl('title', {}, chart.title), svgEl('desc', { id: `${id}-desc` }, description));

  const axis = svgEl('g', { class: 'chart-axis', 'aria-hidden': 'true' });
  if (layout.kind === 'bar') {
    for (const tick of layout.valueTicks) {
      axis.append(
        svgEl('line', {
          x1: round(tick.x),
          x2: round(tick.x),
          y1: layout.plot.top,
          y2: layout.plot.bottom,
          class: 'chart-grid',
        }),
      );
      axis.append(svgEl('text', { x: round(tick.x), y: tick.y, 'text-anchor': 'middle' }, tick.text));
    }
    for (const label of layout.categoryLabels) {
      const text = svgEl(
        'text',
        { x: round(label.x), y: round(label.y), 'text-anchor': label.anchor, 'dominant-baseline': 'middle' },
        label.text,
      );
      if (label.text !== label.full) text.append(svgEl('title', {}, label.full));
      axis.append(text);
    }
    axis.append(
      svgEl('line', {
        x1: round(layout.zero),
        x2: round(layout.zero),
        y1: layout.plot.top,
        y2: layout.plot.bottom,
        class: 'chart-baseline',
      }),
    );
  } else {
    for (const tick of layout.valueTicks) {
      axis.append(
        svgEl('line', {
          x1: layout.plot.left,
          x2: layout.plot.right,
          y1: round(tick.y),
          y2: round(tick.y),
          class: 'chart-grid',
        }),
      );
      axis.append(
        svgEl('text', { x: tick.x, y: round(tick.y), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, tick.text),
      );
    }
    for (const label of layout.categoryLabels) {
      axis.append(svgEl('text', { x: round(label.x), y: label.y, 'text-anchor': label.anchor }, label.text));
    }
  }
  svg.append(axis);

  const marks = svgEl('g', { class: 'chart-marks', 'aria-hidden': 'true' });
  if (layout.kind === 'bar') {
    for (const bar of layout.bars) {
      const rect = svgEl('rect', {
        x: round(bar.x),
        y: round(bar.y),
        width: round(bar.width),
        height: bar.height,
        class: `chart-series-${bar.seriesIndex % 5}`,
      });
      rect.append(
        svgEl(
          'title',
          {},
          `${bar.label}${layout.series.length > 1 ? ` (${bar.series})` : ''}: ${formatNumber(bar.value)}`,
        ),
      );
      marks.append(rect);
      marks.append(
        svgEl(
          'text',
          {
            x: round(bar.x + bar.width + 4),
            y: round(bar.y + bar.height / 2),
            'dominant-baseline': 'middle',
            class: 'chart-value',
          },
          formatNumber(bar.value),
        ),
      );
    }
  } else {
    for (const line of layout.lines) {
      for (const segment of line.segments) {
        marks.append(
          svgEl('polyline', {
            points: segment.map((p) => `${round(p.x)},${round(p.y)}`).join(' '),
            class: `chart-line chart-series-${line.seriesIndex % 5}`,
          }),
        );
      }
      for (const point of line.points) {
        const dot = svgEl('circle', {
          cx: round(point.x),
          cy: round(point.y),
          r: 3.5,
          class: `chart-series-${line.seriesIndex % 5}`,
        });
        dot.append(svgEl('title', {}, `${point.label} (${line.series}): ${formatNumber(point.value)}`));
        marks.append(dot);
      }
    }
  }
  svg.append(marks);
  figure.append(svg);

  if (layout.series.length > 1) {
    const legend = document.createElement('ul');
    legend.className = 'chart-legend';
    layout.series.forEach((name, i) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `chart-swatch chart-series-${i % 5}`;
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, document.createTextNode(name));
      legend.append(item);
    });
    figure.append(legend);
  }
  return figure;
}
