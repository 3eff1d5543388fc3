/**
 * Numbers in a model's answer must come from tool results. This check finds every number in the answer and keeps
 * it only when a tool result (or the question) holds it, written any usual way: 1234, 1,234, 1234.0, 1.2K, rounded to
 * the decimals shown, or a ratio shown as a percentage. Dates, list markers and small counts (0-10) pass; anything
 * else is replaced by a marker and counted, so the answer can say so.
 */
export interface NumberCheck {
  readonly text: string;
  /** The numbers removed, as the model wrote them. */
  readonly removed: readonly string[];
}

export const UNVERIFIED_MARK = '[unverified]';

const URL = /\bhttps?:\/\/[^\s)\]]+/g;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;
// A number not glued to letters (ids like D4Dmpq...), optionally with thousands separators, decimals, K/M, %, x.
const NUMBER =
  /(?<![\p{L}\p{N}_@#./-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?[kKmM](?![\p{L}])|%|x(?![\p{L}]))?(?![\p{L}\p{N}_])/gu;

function values(token: string, decimals: string | undefined, suffix: string | undefined): number {
  const base = Number(`${token.replace(/,/g, '')}${decimals ?? ''}`);
  const s = suffix?.trim().toLowerCase();
  if (s === 'k') return base * 1_000;
  if (s === 'm') return base * 1_000_000;
  return base;
}

/** Every number written in these texts (tool results, the question), dates split into their parts. */
export function numbersIn(texts: readonly string[]): number[] {
  const out: number[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(DATE)) out.push(...m[0].split('-').map(Number));
    for (const m of text.replace(DATE, ' ').matchAll(NUMBER)) out.push(values(m[1], m[2], m[3]));
    // JSON numbers such as 1.5e3 or -12.
    for (const m of text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) out.push(Math.abs(Number(m[0])));
  }
  return out.filter((n) => Number.isFinite(n));
}

function matches(value: number, decimals: number, suffix: string | undefined, allowed: readonly number[]): boolean {
  const s = suffix?.trim().toLowerCase();
  return allowed.some((a) => {
    if (s === 'k' || s === 'm') return Math.abs(a - value) <= Math.max(1, Math.abs(a) * 0.05);
    const shown = (x: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
    if (shown(a) === value) return true;
    // A share computed by the tool as 0.123 may be written 12.3%.
    return s === '%' && shown(a * 100) === value;
  });
}

export function checkNumbers(answer: string, sources: readonly string[]): NumberCheck {
  const allowed = numbersIn(sources);
  const allowedDates = new Set(sources.flatMap((s) => [...s.matchAll(DATE)].map((m) => m[0])));
  const removed: string[] = [];
  const lines = answer.split('\n').map((line) => {
    // URLs and dates are checked as a whole or left alone; list markers ("1. ") are not numbers of the answer.
    const protectedSpans: [number, number][] = [];
    for (const m of line.matchAll(URL)) protectedSpans.push([m.index!, m.index! + m[0].length]);
    const marker = /^\s*(?:[-*]\s*)?\d{1,2}[.)]\s/.exec(line);
    if (marker) protectedSpans.push([0, marker[0].length]);
    let out = '';
    let at = 0;
    const dated = [...line.matchAll(DATE)];
    for (const m of dated) {
      if (protectedSpans.some(([a, b]) => m.index! >= a && m.index! < b)) continue;
      protectedSpans.push([m.index!, m.index! + m[0].length]);
      if (!allowedDates.has(m[0])) removed.push(m[0]);
    }
    for (const m of line.matchAll(NUMBER)) {
      const start = m.index!;
      if (protectedSpans.some(([a, b]) => start >= a && start < b)) continue;
      const decimals = m[2] ? m[2].length - 1 : 0;
      const value = values(m[1], m[2], m[3]);
      const small = !m[2] && !m[3] && value <= 10;
      if (small || matches(value, decimals, m[3], allowed)) continue;
      removed.push(m[0].trim());
      out += line.slice(at, start) + UNVERIFIED_MARK;
      at = start + m[0].length;
    }
    out += line.slice(at);
    for (const m of dated) if (!allowedDates.has(m[0]) && out.includes(m[0])) out = out.replace(m[0], UNVERIFIED_MARK);
    return out;
  });
  return { text: lines.join('\n'), removed };
}
