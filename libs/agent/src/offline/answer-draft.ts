import type { AgentAnswer } from '../ports/agent-port';
import { type AnswerChart, type AnswerSource, type AnswerTable, type Cell, confidenceFor } from '../api/query-response';

export interface Freshness {
  readonly latestPostedDate?: string;
  readonly loadedAt?: string;
}

export interface DraftExtras {
  readonly plan?: unknown;
  readonly assumptions?: readonly string[];
  readonly suggestions?: readonly string[];
}

/**
 * Builds an answer that follows the response rules: numbers from tool results only, a citation per fact,
 * method notes (reading, metric, city mapping, window, sample), recommendations, confidence and freshness.
 */
export class AnswerDraft {
  private readonly sources: AnswerSource[] = [];
  private readonly paragraphs: string[] = [];
  private readonly method: string[] = [];
  private recommendations: string[] = [];
  private table?: AnswerTable;
  private chart?: AnswerChart;

  /** Registers a source and returns its citation mark, e.g. "[2]". Only https Instagram URLs become links. */
  cite(source: AnswerSource): string {
    const uri = source.uri ? instagramUrl(source.uri) : undefined;
    const clean: AnswerSource = {
      type: source.type,
      title: source.title,
      ...(source.detail ? { detail: source.detail } : {}),
      ...(uri ? { uri } : {}),
    };
    const same = this.sources.findIndex(
      (s) => s.type === clean.type && s.title === clean.title && s.detail === clean.detail && s.uri === clean.uri,
    );
    if (same >= 0) return `[${same + 1}]`;
    this.sources.push(clean);
    return `[${this.sources.length}]`;
  }

  say(text: string): this {
    this.paragraphs.push(text);
    return this;
  }

  bullets(lines: readonly string[]): this {
    if (lines.length) this.paragraphs.push(lines.map((l) => `- ${l}`).join('\n'));
    return this;
  }

  note(text: string | undefined): this {
    if (text) this.method.push(text);
    return this;
  }

  recommend(items: readonly string[]): this {
    this.recommendations = items.filter(Boolean).slice(0, 5);
    return this;
  }

  withTable(columns: string[], rows: Cell[][], truncated = false): this {
    this.table = { columns, rows, truncated };
    return this;
  }

  withChart(chart: AnswerChart): this {
    this.chart = chart;
    return this;
  }

  build(dataPoints: number, freshness: Freshness, extras: DraftExtras = {}): AgentAnswer {
    const confidence = confidenceFor(dataPoints);
    const parts = [...this.paragraphs];
    if (this.recommendations.length)
      parts.push(`Recommendations:\n${this.recommendations.map((r) => `- ${r}`).join('\n')}`);
    const fresh = freshness.latestPostedDate
      ? `Data freshness: latest post ${freshness.latestPostedDate}${freshness.loadedAt ? `, loaded ${freshness.loadedAt} UTC` : ''}.`
      : 'Data freshness: the lake has no posts yet.';
    parts.push(
      `How this was measured:\n${[
        ...this.method,
        `Confidence: ${confidence} (${dataPoints} data points; HIGH > 100, MEDIUM 10-100, LOW < 10).`,
        fresh,
      ]
        .map((m) => `- ${m}`)
        .join('\n')}`,
    );
    if (this.sources.length)
      parts.push(`Sources:\n${this.sources.map((s, i) => `- [${i + 1}] ${s.type}: ${s.title}`).join('\n')}`);
    return {
      response: parts.join('\n\n'),
      sources: this.sources,
      confidence,
      data: {
        ...(this.table ? { table: this.table } : {}),
        ...(this.chart ? { chart: this.chart } : {}),
        ...(this.recommendations.length ? { recommendations: this.recommendations } : {}),
        dataPoints,
        freshness: {
          ...(freshness.latestPostedDate ? { latestPostedDate: freshness.latestPostedDate } : {}),
          ...(freshness.loadedAt ? { loadedAt: freshness.loadedAt } : {}),
        },
        ...(extras.plan ? { plan: extras.plan } : {}),
        ...(extras.assumptions?.length ? { assumptions: [...extras.assumptions] } : {}),
        ...(extras.suggestions?.length ? { suggestions: [...extras.suggestions] } : {}),
      },
    };
  }
}

/** A post URL fit to be a link: https on instagram.com only (scraped URLs are attacker-controlled). */
export function instagramUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  return /^https:\/\/(www\.)?instagram\.com\/[A-Za-z0-9_\-/.?=&%]*$/.test(trimmed) ? trimmed : undefined;
}

/** One formatter for every number: toLocaleString builds a new Intl.NumberFormat per call. */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A number for prose: thousands separators, at most one decimal. */
export function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return NUMBER_FORMAT.format(value);
}

/** "2.2x" */
export function times(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${fmt(value)}x`;
}

/**
 * Scraped captions and bios are attacker-controlled: quote them as data (one line, no markup, bounded),
 * never as instructions or formatting.
 */
export function quoteData(text: string | null | undefined, max = 90): string {
  if (!text) return '(no caption)';
  const clean = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/[`*_#>[\]|<]/g, '')
    .replace(/["“”]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  const cut = clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
  return `“${cut}”`;
}

export function handleOf(creator: string | null | undefined): string {
  return `@${String(creator ?? '')
    .trim()
    .replace(/^@+/, '')}`;
}

export function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function str(value: unknown): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

/** "1 account", "12 accounts" (the plural adds "s" unless given). */
export function count(value: number | null | undefined, singular: string, plural = `${singular}s`): string {
  return `${fmt(value)} ${value === 1 ? singular : plural}`;
}
