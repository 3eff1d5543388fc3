import type { JsonValue } from '../json-safe';

/** Default answer size budget of the guarded SQL tool, on every path (CLI, server, Lambdas, agent tools). */
export const DEFAULT_MAX_RESULT_BYTES = 256 * 1024;

const encoder = new TextEncoder();
const bytesOf = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

export interface CappedRows {
  readonly data: JsonValue[][];
  /** Rows left out at the end. */
  readonly droppedRows: number;
  /** Longest text kept, in characters, when texts had to be cut (one row alone was over the budget). */
  readonly cutTextsAt?: number;
}

/**
 * Keeps `data` (rows of JSON values) under `maxBytes` of JSON: whole rows from the top while they fit; when even the
 * first row does not fit (one cell holding every caption), its texts are cut (with "…") to the longest length that
 * fits, found by binary search.
 */
export function capRowsToBytes(data: JsonValue[][], maxBytes: number): CappedRows {
  let size = 2;
  for (let i = 0; i < data.length; i++) {
    size += bytesOf(data[i]) + (i > 0 ? 1 : 0);
    if (size > maxBytes) {
      if (i > 0) return { data: data.slice(0, i), droppedRows: data.length - i };
      return { ...cutFirstRow(data[0], maxBytes), droppedRows: data.length - 1 };
    }
  }
  return { data, droppedRows: 0 };
}

function cutFirstRow(row: JsonValue[], maxBytes: number): { data: JsonValue[][]; cutTextsAt: number } {
  let lo = 0;
  let hi = longestText(row);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytesOf([cutTexts(row, mid)]) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return { data: [cutTexts(row, lo) as JsonValue[]], cutTextsAt: lo };
}

function cutTexts(value: JsonValue, max: number): JsonValue {
  if (typeof value === 'string') return value.length > max ? `${Array.from(value).slice(0, max).join('')}…` : value;
  if (Array.isArray(value)) return value.map((v) => cutTexts(v, max));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutTexts(v, max)]));
  return value;
}

function longestText(value: JsonValue): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => Math.max(n, longestText(v)), 0);
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce<number>((n, v) => Math.max(n, longestText(v)), 0);
  return 0;
}
