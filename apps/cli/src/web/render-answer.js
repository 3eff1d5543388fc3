// Builds the DOM for one conversation turn. Scraped captions, bios and handles are hostile text:
// everything from the API goes in through textContent or a checked attribute, never as HTML.
import { renderChart } from './chart-svg.js';
import { splitLinks, splitQuotes, toTextBlocks } from './text-blocks.js';

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

const INSTAGRAM_HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com']);

/**
 * Only `https://` Instagram addresses become links (the API's rule too, see isInstagramUrl in libs/agent): a
 * scraped `javascript:` or `data:` URI, or a link to anywhere else, stays plain text.
 */
export function safeLinkUrl(value) {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    const ok =
      url.protocol === 'https:' && INSTAGRAM_HOSTS.has(url.hostname) && !url.username && !url.password && !url.port;
    return ok ? url.href : null;
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

/**
 * A line of answer text as text nodes, with cited Instagram URLs as links and quoted scraped data in <q> elements
 * marked as such (it is what a caption says, not what the assistant says).
 */
function textWithLinks(tag, text) {
  const node = el(tag);
  for (const part of splitQuotes(text)) {
    if ('quote' in part) {
      const quote = el('q', 'data-quote', part.quote);
      quote.title = 'Quoted from scraped post data';
      node.append(quote);
      continue;
    }
    for (const piece of splitLinks(part.text)) {
      const href = 'url' in piece ? safeLinkUrl(piece.url) : null;
      node.append(href ? link(href, piece.url) : document.createTextNode('url' in piece ? piece.url : piece.text));
    }
  }
  return node;
}

function renderBlock(block) {
  if (block.kind === 'paragraph') return textWithLinks('p', block.text);
  const list = el(block.ordered ? 'ol' : 'ul');
  for (const item of block.items) list.append(textWithLinks('li', item));
  return list;
}

/**
 * Splits the answer text into its lead (what comes before the first titled section) and its titled sections
 * ("How this was measured: ..."), dropping the sections the page draws from structured data instead.
 */
function splitAnswerText(text, drawnFromData) {
  const blocks = toTextBlocks(text);
  const firstSection = blocks.findIndex((b) => b.kind === 'list' && b.title);
  const lead = firstSection < 0 ? blocks : blocks.slice(0, firstSection);
  const sections = firstSection < 0 ? [] : blocks.slice(firstSection);
  const kept = sections.filter((b) => !(b.kind === 'list' && b.title && drawnFromData.has(b.title.toLowerCase())));
  return { lead, sections: kept };
}

function renderSections(blocks) {
  const wrap = el('div', 'answer-details');
  for (const block of blocks) {
    if (block.kind === 'list' && block.title) {
      const section = el('section');
      section.append(el('h3', null, block.title), renderBlock(block));
      wrap.append(section);
    } else wrap.append(renderBlock(block));
  }
  return wrap;
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
    const href = safeLinkUrl(value);
    // A post URL reads shorter without its scheme; the link still goes to the full address.
    if (href && /^https?:\/\//i.test(String(value).trim()))
      cell.append(
        link(
          href,
          String(value)
            .trim()
            .replace(/^https?:\/\/(www\.)?/i, ''),
        ),
      );
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
  caption.append(
    el(
      'span',
      'table-count',
      ` · ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}${table.truncated ? ' (first rows only; the result was truncated)' : ''}`,
    ),
  );
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
  // Numbered in the API's order, so the text's [1], [2] citations point at them.
  const list = el('ol');
  for (const source of sources) {
    const item = el('li');
    item.append(
      el(
        'span',
        `source-type source-type--${SOURCE_TYPE_TEXT[source.type] ? source.type : 'other'}`,
        SOURCE_TYPE_TEXT[source.type] ?? String(source.type ?? 'Source'),
      ),
      document.createTextNode(' '),
    );
    const href = safeLinkUrl(source.uri);
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

  const data = answer.data ?? {};
  const hasRecommendations = Array.isArray(data.recommendations) && data.recommendations.length > 0;
  const hasSources = Array.isArray(answer.sources) && answer.sources.length > 0;
  const drawnFromData = new Set([
    ...(hasRecommendations ? ['recommendations'] : []),
    ...(hasSources ? ['sources'] : []),
  ]);
  const text = splitAnswerText(answer.response, drawnFromData);
  const body = el('div', 'answer-text');
  for (const block of text.lead) body.append(renderBlock(block));
  article.append(body);

  if (data.chart && Array.isArray(data.chart.labels) && Array.isArray(data.chart.series))
    article.append(renderChart(data.chart, { width: options.chartWidth }));
  if (data.table && Array.isArray(data.table.columns) && data.table.columns.length > 0) {
    article.append(renderTable(data.table, data.chart?.title ? `Data: ${data.chart.title}` : 'Result rows'));
  }
  if (hasRecommendations) {
    const section = el('section', 'answer-recommendations');
    section.append(el('h3', null, 'Recommendations'));
    const list = el('ol');
    for (const recommendation of data.recommendations) list.append(textWithLinks('li', recommendation));
    section.append(list);
    article.append(section);
  }
  if (text.sections.length > 0) article.append(renderSections(text.sections));
  if (hasSources) article.append(renderSources(answer.sources));
  const meta = renderMeta(data);
  if (meta) article.append(meta);

  item.append(article);
  return item;
}
