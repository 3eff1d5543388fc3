/** A JSON value: what the query tool returns to the agent and the CLI. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Converts an engine value to JSON: integers beyond 2^53 become strings (never silently rounded),
 * DATE -> 'YYYY-MM-DD', TIMESTAMP -> ISO 8601 in UTC, TIME (microseconds) -> 'HH:MM:SS', NaN/Infinity -> strings,
 * bytes -> text. `type` is the column's SQL type name; nested values are converted recursively.
 */
export function toJsonSafe(value: unknown, type = ''): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    if (type === 'TIME') return formatTime(value);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  // Tag checks rather than instanceof: values deserialised from a query worker may come from another realm.
  if (isDate(value)) {
    if (Number.isNaN(value.getTime())) return null;
    return type === 'DATE' ? value.toISOString().slice(0, 10) : value.toISOString();
  }
  if (ArrayBuffer.isView(value)) return new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map((v) => toJsonSafe(v));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return String(value);
}

function isDate(value: unknown): value is Date {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

function formatTime(micros: bigint): string {
  const totalSeconds = Number(micros / 1000000n);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
}
