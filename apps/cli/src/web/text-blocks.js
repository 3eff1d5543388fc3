// Splits the agent's "markdown-light" answer text into blocks the page renders as text nodes
// (paragraphs, "- " bullet lists, "1. " numbered lists, "Title:" above a list as its section title).
// No HTML is ever produced from the text.

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

/**
 * @param {string} text
 * @returns {Array<{ kind: 'paragraph', text: string } | { kind: 'list', ordered: boolean, items: string[], title?: string }>}
 */
export function toTextBlocks(text) {
  const blocks = [];
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push(list);
    list = null;
  };

  for (const rawLine of String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')) {
    const line = rawLine.trim();
    const bullet = BULLET.exec(rawLine);
    const numbered = bullet ? null : NUMBERED.exec(rawLine);
    const item = bullet ?? numbered;
    if (line === '') {
      flushParagraph();
      flushList();
    } else if (item) {
      // "Recommendations:" right above a list is that list's title (a section of the answer).
      const title =
        !list && paragraph.length === 1 && /^[^.:]{1,60}:$/.test(paragraph[0])
          ? paragraph[0].slice(0, -1).trim()
          : undefined;
      if (title) paragraph = [];
      flushParagraph();
      const ordered = Boolean(numbered);
      if (!list || list.ordered !== ordered) {
        flushList();
        list = title ? { kind: 'list', ordered, items: [], title } : { kind: 'list', ordered, items: [] };
      }
      list.items.push(item[1].trim());
    } else if (list && /^\s{2,}/.test(rawLine)) {
      // An indented line continues the previous list item.
      list.items[list.items.length - 1] += ` ${line}`;
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return blocks;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"“”]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'’”]+$/;

/**
 * Splits a line into plain text and http(s) URLs, so cited post URLs become links (built as elements,
 * never HTML). Sentence punctuation after a URL stays text.
 * @param {string} text
 * @returns {Array<{ text: string } | { url: string }>}
 */
export function splitLinks(text) {
  const parts = [];
  let last = 0;
  for (const match of String(text ?? '').matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ url });
    last = match.index + url.length;
  }
  if (last < String(text ?? '').length) parts.push({ text: String(text).slice(last) });
  return parts;
}

const QUOTED = /“[^“”]*”/g;

/**
 * Splits text into the agent's own words and data it quotes (captions and descriptions, which the agent puts in
 * “curly quotes”), so the page can show quoted data as quoted data.
 * @param {string} text
 * @returns {Array<{ text: string } | { quote: string }>}
 */
export function splitQuotes(text) {
  const parts = [];
  let last = 0;
  const value = String(text ?? '');
  for (const match of value.matchAll(QUOTED)) {
    if (match.index > last) parts.push({ text: value.slice(last, match.index) });
    parts.push({ quote: match[0].slice(1, -1) });
    last = match.index + match[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}
