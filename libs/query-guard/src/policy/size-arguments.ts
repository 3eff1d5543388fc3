import { QueryRejectedError } from '../errors';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The largest width a query may ask a string builder for. Padding, bars and formatted numbers are for display:
 * a thousand characters is more than any table cell needs, and far below what would exhaust memory.
 */
export const MAX_SIZE_ARGUMENT = 1000;

/**
 * Functions whose result grows with an argument, by 0-based position of that argument. Each builds a value of at
 * most that size whatever it is nested in, so bounding the argument bounds the value. Builders whose results
 * multiply when nested (repeat, list_resize, range) are refused outright (see query-policy).
 */
const SIZE_ARGUMENTS: Readonly<Record<string, { readonly position: number; readonly what: string }>> = {
  lpad: { position: 1, what: 'length' },
  rpad: { position: 1, what: 'length' },
  bar: { position: 3, what: 'width' },
  to_base: { position: 2, what: 'minimum length' },
};

/** Functions whose first argument is a format string with widths and precisions. */
const FORMAT_FUNCTIONS = new Set(['printf', 'format']);

/**
 * Refuses a call that could build a huge value from a small query (`lpad('x', 2000000000, 'y')`,
 * `printf('%0900000000d', 1)`): its size argument must be a literal number of at most MAX_SIZE_ARGUMENT, and a
 * format string a literal whose widths and precisions are literal numbers within the same bound.
 */
export function checkSizeArguments(name: string, args: readonly Json[]): void {
  const fn = name.toLowerCase();
  const sized = SIZE_ARGUMENTS[fn];
  if (sized && args.length > sized.position) {
    const value = literalNumber(args[sized.position]);
    if (value === undefined || Math.abs(value) > MAX_SIZE_ARGUMENT) {
      throw tooLarge(
        `${fn}() ${sized.what} must be a literal number from 0 to ${MAX_SIZE_ARGUMENT}` +
          `${value === undefined ? ', not an expression' : ` (got ${value})`}.`,
      );
    }
  }
  if (FORMAT_FUNCTIONS.has(fn) && args.length > 0) {
    const format = literalString(args[0]);
    if (format === undefined) throw tooLarge(`${fn}() needs a literal format string, not an expression.`);
    const widths = fn === 'printf' ? printfWidths(format) : fmtWidths(format);
    const bad = widths.find((w) => w === '*' || Number(w) > MAX_SIZE_ARGUMENT);
    if (bad !== undefined) {
      throw tooLarge(
        `${fn}() widths and precisions must be literal numbers up to ${MAX_SIZE_ARGUMENT}` +
          `${bad === '*' ? ', not taken from an argument' : ` (got ${bad})`}.`,
      );
    }
  }
}

function tooLarge(detail: string): QueryRejectedError {
  return new QueryRejectedError(
    'SIZE_LIMIT_EXCEEDED',
    `${detail} Such values are for display: pad or format to the width a table cell needs.`,
  );
}

/** `%-08.3f` -> ['08', '3']; `%*d` -> ['*']. */
function printfWidths(format: string): string[] {
  const found: string[] = [];
  for (const m of format.matchAll(/%[-+ #0']*(\*|\d+)?(?:\.(\*|\d+))?/g)) {
    if (m[1]) found.push(m[1]);
    if (m[2]) found.push(m[2]);
  }
  return found;
}

/** fmt specs (`{:>10}`, `{0:08.2f}`): every number inside braces, and `*` for a nested (dynamic) width. */
function fmtWidths(format: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let spec = '';
  for (const ch of format) {
    if (ch === '{') {
      if (depth > 0) found.push('*');
      depth++;
      spec = '';
    } else if (ch === '}' && depth > 0) {
      depth--;
      found.push(...(spec.match(/\d+/g) ?? []));
    } else if (depth > 0) spec += ch;
  }
  return found;
}

/** The number a literal (or a cast or negation of one) denotes; undefined for anything computed. */
function literalNumber(node: Json): number | undefined {
  const value = literalValue(node);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[-+]?\d+(\.\d+)?(e\d+)?\s*$/i.test(value)) return Number(value);
  return undefined;
}

function literalString(node: Json): string | undefined {
  const value = literalValue(node);
  return typeof value === 'string' ? value : undefined;
}

function literalValue(node: Json): Json | undefined {
  if (!isObject(node)) return undefined;
  if (node.class === 'CONSTANT') {
    const value = isObject(node.value) ? node.value : undefined;
    return value && value.is_null !== true ? (value.value ?? undefined) : undefined;
  }
  if (node.class === 'CAST') return literalValue(node.child ?? null);
  if (node.class === 'FUNCTION' && node.function_name === '-' && Array.isArray(node.children)) {
    const inner = node.children.length === 1 ? literalNumber(node.children[0]) : undefined;
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
