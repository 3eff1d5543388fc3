// Builds the DOM for one conversation turn. Scraped captions, bios and handles are hostile text:
// everything from the API goes in through textContent or a checked attribute, never as HTML.
import { renderChart } from './chart-svg.js';
import { toTextBlocks } from './text-blocks.js';

const CONFIDENCE_TEXT = {
  HIGH: 'High confidence (more than 100 data points)',
  MEDIUM: 'Medium confidence (10 to 100 data points)',
  LOW: 'Low confidence (fewer than 10 data points): treat as directional',
};
const SOURCE_TYPE_TEXT = { sql: 'Lake query', trends: 'Trends', knowledge: 'Knowledge base' };
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Only http(s) links are followed: a scraped `javascript:` or `data:` URI stays plain text. */
export function safeHttpUrl(value) {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function link(href, text) {
  const a = el('a', null, text);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow';
  return a;
}

export function renderQuestion(query) {
  const item = el('li', 'turn turn--question');
  item.append(el('p', 'turn-label visually-hidden', 'You asked:'), el('p', 'question-text', query));
  return item;
}

function renderTextBlocks(text) {
  const fragment = document.createDocumentFragment();
  for (const block of toTextBlocks(text)) {
    if (block.kind === 'paragraph') fragment.append(el('p', null, block.text));
    else {
      const list = el(block.ordered ? 'ol' : 'ul');
      for (const item of block.items) list.append(el('li', null, item));
      fragment.append(list);
    }
  }
  return fragment;
}

function renderCell(value) {
  const cell = el('td');
  if (value === null || value === undefined || value === '') {
    cell.append(el('span', 'cell-empty', '—'));
    cell.setAttribute('aria-label', 'no value');
  } else if (typeof value === 'number') {
    cell.className = 'cell-number';
    cell.textContent = numberFormat.format(value);
  } else if (typeof value === 'boolean') {
    cell.textContent = value ? 'yes' : 'no';
  } else {
    const href = safeHttpUrl(value);
    // A post URL reads shorter without its scheme; the link still goes to the full address.
    if (href && /^https?:\/\//i.test(String(value).trim())) cell.append(link(href, String(value).trim().replace(/^https?:\/\/(www\.)?/i, '')));
    else cell.textContent = String(value);
  }
  return cell;
}

/** @param {{ columns: string[], rows: unknown[][], truncated: boolean }} table */
export function renderTable(table, captionText) {
  const rows = Array.isArray(table.rows) ? table.rows : [];
  const wrap = el('div', 'table-wrap');
  // A focusable, labelled region so keyboard users can scroll a wide table on a phone.
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  const tableEl = el('table', 'data-table');
  const caption = el('caption', null, captionText);
  caption.append(el('span', 'table-count', ` · ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}${table.truncated ? ' (first rows only; the result was truncated)' : ''}`));
  tableEl.append(caption);
  const headRow = el('tr');
  for (const column of table.columns ?? []) {
    const th = el('th', null, column);
    th.scope = 'col';
    headRow.append(th);
  }
  const thead = el('thead');
  thead.append(headRow);
  const tbody = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    for (let i = 0; i < (table.columns ?? []).length; i++) tr.append(renderCell(Array.isArray(row) ? row[i] : null));
    tbody.append(tr);
  }
  tableEl.append(thead, tbody);
  wrap.setAttribute('aria-label', `${captionText} (scrollable table)`);
  wrap.append(tableEl);
  return wrap;
}

function renderSources(sources) {
  const section = el('section', 'answer-sources');
  section.append(el('h3', null, 'Sources'));
  const list = el('ul');
  for (const source of sources) {
    const item = el('li');
    item.append(el('span', `source-type source-type--${SOURCE_TYPE_TEXT[source.type] ? source.type : 'other'}`, SOURCE_TYPE_TEXT[source.type] ?? String(source.type ?? 'Source')), document.createTextNode(' '));
    const href = safeHttpUrl(source.uri);
    item.append(href ? link(href, source.title) : el('span', null, source.title));
    if (source.detail) {
      const details = el('details');
      details.append(el('summary', null, source.type === 'sql' ? 'Show the SQL' : 'Details'));
      const pre = el('pre');
      pre.append(el('code', null, source.detail));
      details.append(pre);
      item.append(details);
    }
    list.append(item);
  }
  section.append(list);
  return section;
}

function renderMeta(data) {
  const facts = [];
  if (typeof data.dataPoints === 'number') facts.push(`Based on ${numberFormat.format(data.dataPoints)} data points`);
  if (data.freshness?.latestPostedDate) facts.push(`latest post ${data.freshness.latestPostedDate}`);
  if (data.freshness?.loadedAt) facts.push(`data loaded ${data.freshness.loadedAt}`);
  return facts.length ? el('p', 'answer-meta', facts.join(' · ')) : null;
}

/**
 * @param {import('./api-client').QueryAnswer} answer
 * @param {string} question the question it answers (labels the table and the article)
 * @param {{ chartWidth?: number }} [options] width available for a chart, in CSS pixels
 */
export function renderAnswer(answer, question, options = {}) {
  const item = el('li', 'turn turn--answer');
  const article = el('article', 'answer');
  article.tabIndex = -1; // focus target for "jump to latest answer"
  article.setAttribute('aria-label', `Answer to: ${question}`);

  const header = el('div', 'answer-header');
  const confidence = ['HIGH', 'MEDIUM', 'LOW'].includes(answer.confidence) ? answer.confidence : 'LOW';
  const badge = el('span', `badge badge--${confidence.toLowerCase()}`, `Confidence: ${confidence}`);
  badge.title = CONFIDENCE_TEXT[confidence];
  header.append(el('h2', 'visually-hidden', 'Answer'), badge);
  article.append(header);

  const body = el('div', 'answer-text');
  body.append(renderTextBlocks(answer.response));
  article.append(body);

  const data = answer.data ?? {};
  if (data.chart && Array.isArray(data.chart.labels) && Array.isArray(data.chart.series)) article.append(renderChart(data.chart, { width: options.chartWidth }));
  if (data.table && Array.isArray(data.table.columns) && data.table.columns.length > 0) {
    article.append(renderTable(data.table, data.chart?.title ? `Data: ${data.chart.title}` : 'Result rows'));
  }
  if (Array.isArray(data.recommendations) && data.recommendations.length > 0) {
    const section = el('section', 'answer-recommendations');
    section.append(el('h3', null, 'Recommendations'));
    const list = el('ol');
    for (const recommendation of data.recommendations) list.append(el('li', null, recommendation));
    section.append(list);
    article.append(section);
  }
  if (Array.isArray(answer.sources) && answer.sources.length > 0) article.append(renderSources(answer.sources));
  const meta = renderMeta(data);
  if (meta) article.append(meta);

  item.append(article);
  return item;
}
