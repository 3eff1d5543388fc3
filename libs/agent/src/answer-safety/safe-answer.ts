import { maskPhonesInText } from '@instalake/lake-schema';
import type { AgentAnswer } from '../ports/agent-port';
import type { AnswerData, AnswerSource, Cell } from '../api/query-response';

const INSTAGRAM_HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com']);

/** The only links an answer may carry: `https://` Instagram addresses, with no credentials or port. */
export function isInstagramUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value.trim());
    return (
      url.protocol === 'https:' && INSTAGRAM_HOSTS.has(url.hostname) && !url.username && !url.password && !url.port
    );
  } catch {
    return false;
  }
}

const URL_TOKEN = /\bhttps?:\/\/\S+/gi;

/** Phone-like numbers masked in prose, leaving URLs (an Instagram shortcode may hold seven digits) as they are. */
function maskProse(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_TOKEN)) {
    out += maskPhonesInText(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + maskPhonesInText(text.slice(last));
}

const maskCell = (cell: Cell): Cell =>
  typeof cell === 'string' && !/^https?:\/\//i.test(cell.trim()) ? maskPhonesInText(cell) : cell;

function safeSource(source: AnswerSource): AnswerSource {
  const { uri, ...rest } = source;
  return {
    ...rest,
    title: maskProse(source.title),
    ...(source.detail !== undefined ? { detail: maskProse(source.detail) } : {}),
    ...(isInstagramUrl(uri) ? { uri } : {}),
  };
}

function safeData(data: AnswerData): AnswerData {
  return {
    ...data,
    ...(data.table ? { table: { ...data.table, rows: data.table.rows.map((row) => row.map(maskCell)) } } : {}),
    ...(data.chart
      ? {
          chart: {
            ...data.chart,
            title: maskProse(data.chart.title),
            labels: data.chart.labels.map(maskProse),
            series: data.chart.series.map((s) => ({ ...s, name: maskProse(s.name) })),
          },
        }
      : {}),
    ...(data.recommendations ? { recommendations: data.recommendations.map(maskProse) } : {}),
  };
}

/**
 * What any agent's answer may say, applied where an AgentAnswer becomes a response (both agents pass there): phone
 * numbers masked with the lake-schema definition wherever text comes from (the lake, the model, a quoted caption),
 * and a source link only for an `https://` Instagram URL, so a scraped `javascript:` post URL is never one.
 */
export function safeAnswer(answer: AgentAnswer): AgentAnswer {
  return {
    ...answer,
    response: maskProse(answer.response),
    sources: answer.sources.map(safeSource),
    ...(answer.data ? { data: safeData(answer.data) } : {}),
  };
}
