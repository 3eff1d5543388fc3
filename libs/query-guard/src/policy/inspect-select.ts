import { describeLake } from '@instalake/lake-schema';
import { QueryRejectedError } from '../errors';
import { isAllowedLakeTable, isForbiddenFunction, looksLikePath } from './query-policy';
import { checkSizeArguments } from './size-arguments';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Query node types DuckDB's parser produces for a plain SELECT (including set operations and CTE bodies). */
const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'CTE_NODE']);
/** Table reference types a query may use; anything else (SHOW_REF, TABLE_FUNCTION, PIVOT...) is refused. */
const TABLE_REFS = new Set(['BASE_TABLE', 'JOIN', 'SUBQUERY', 'EMPTY', 'EXPRESSION_LIST', 'PIVOT']);

const HOW_TO = 'Write one read-only SELECT over the lake tables posts and restaurants.';

export function lakeSchemaHint(): string {
  return `Available tables and columns:\n${describeLake()}`;
}

/** What the guard learned about an accepted statement. */
export interface InspectedSelect {
  /** Lake tables the query reads, lower-cased and without qualification. */
  readonly tables: readonly string[];
}

/**
 * Walks the AST of one statement and throws QueryRejectedError at the first thing that is not allowed.
 * CTE names are resolved against the CTEs in scope (a CTE reference looks like a BASE_TABLE in the AST),
 * so a CTE cannot be used to smuggle in a real table name outside the query that defines it.
 */
export function inspectSelect(statement: unknown): InspectedSelect {
  const tables = new Set<string>();
  const root = asObject(statement)?.node;
  if (!isObject(root) || !QUERY_NODES.has(String(root.type))) {
    throw new QueryRejectedError('NOT_A_SELECT', `Only a SELECT statement can run. ${HOW_TO}`);
  }
  walk(root, new Set(), tables);
  return { tables: [...tables].sort() };
}

function walk(value: Json, ctes: ReadonlySet<string>, tables: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, ctes, tables);
    return;
  }
  if (!isObject(value)) return;

  // A query node's CTEs are visible in its body; each CTE body sees only the CTEs defined before it
  // (a non-recursive CTE naming itself would otherwise reach a real table of that name).
  let scope = ctes;
  const cteEntries = asArray(asObject(value.cte_map)?.map);
  const cteBodies: [Json, ReadonlySet<string>][] = [];
  if (cteEntries.length > 0) {
    const names = new Set(ctes);
    for (const entry of cteEntries) {
      const e = asObject(entry);
      cteBodies.push([e?.value ?? null, new Set(names)]);
      if (typeof e?.key === 'string') names.add(e.key.toLowerCase());
    }
    scope = names;
  }

  const type = typeof value.type === 'string' ? value.type : undefined;
  if (type === 'RECURSIVE_CTE_NODE') {
    throw new QueryRejectedError(
      'RECURSIVE_CTE_FORBIDDEN',
      'WITH RECURSIVE is not allowed: its run time cannot be bounded. Use plain CTEs, joins and window functions.',
    );
  }
  if (
    value.class === undefined &&
    type !== undefined &&
    'alias' in value &&
    'query_location' in value &&
    'sample' in value
  ) {
    checkTableRef(value, type, scope, tables);
  }
  if (value.class === 'FUNCTION' && typeof value.function_name === 'string') checkFunction(value);

  for (const [key, child] of Object.entries(value)) {
    if (key === 'cte_map') {
      for (const [body, bodyScope] of cteBodies) walk(body, bodyScope, tables);
    } else if (child !== null && typeof child === 'object') walk(child, scope, tables);
  }
}

function checkTableRef(ref: JsonObject, type: string, ctes: ReadonlySet<string>, tables: Set<string>): void {
  if (type === 'TABLE_FUNCTION') {
    const fn = String(asObject(ref.function)?.function_name ?? 'a table function');
    throw new QueryRejectedError(
      'TABLE_FUNCTION_FORBIDDEN',
      `Table function ${fn}(...) is not allowed: queries read only the lake tables. ${HOW_TO} ` +
        'To split hashtags use unnest(string_split(...)) in the SELECT list.',
    );
  }
  if (!TABLE_REFS.has(type)) {
    throw new QueryRejectedError(
      'NOT_A_SELECT',
      `${type.toLowerCase().replace(/_/g, ' ')} is not allowed. ${HOW_TO} ${lakeSchemaHint()}`,
    );
  }
  if (type !== 'BASE_TABLE') return;
  const catalog = String(ref.catalog_name ?? '');
  const schema = String(ref.schema_name ?? '');
  const table = String(ref.table_name ?? '');
  const shown = [catalog, schema, table].filter(Boolean).join('.');
  if (catalog === '' && schema === '' && ctes.has(table.toLowerCase())) return;
  if (looksLikePath(table)) {
    throw new QueryRejectedError(
      'FILE_ACCESS_FORBIDDEN',
      `Reading files or URLs ("${table}") is not allowed. ${HOW_TO}`,
    );
  }
  if (!isAllowedLakeTable(catalog, schema, table)) {
    throw new QueryRejectedError(
      'UNKNOWN_TABLE',
      `Table "${shown}" is not available. Query only posts and restaurants (optionally written instagram_db.posts). ${lakeSchemaHint()}`,
    );
  }
  tables.add(table.toLowerCase());
}

function checkFunction(fn: JsonObject): void {
  const name = String(fn.function_name);
  if (!isBuiltInQualifier(String(fn.catalog ?? ''), String(fn.schema ?? '')) || isForbiddenFunction(name)) {
    throw new QueryRejectedError(
      'FUNCTION_FORBIDDEN',
      `Function ${[fn.catalog, fn.schema, name].filter(Boolean).join('.')}() is not allowed: it reads settings, the environment, ` +
        'the catalog or files, or generates unbounded data. Use ordinary scalar, aggregate and window functions over posts and restaurants.',
    );
  }
  checkSizeArguments(name, asArray(fn.children));
}

/**
 * Built-in functions live in the `main` schema of the system catalog, and DuckDB's parser itself writes some
 * calls that way (`trim(x)` arrives as `main.trim`). Any other qualifier could reach a macro or a function of an
 * attached database, so it is refused.
 */
function isBuiltInQualifier(catalog: string, schema: string): boolean {
  return (catalog === '' || catalog.toLowerCase() === 'system') && (schema === '' || schema.toLowerCase() === 'main');
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}
function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}
