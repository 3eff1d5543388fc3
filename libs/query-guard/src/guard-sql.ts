import { QueryRejectedError } from './errors';
import { splitStatements } from './policy/split-statements';
import { explainEngineMessage } from './policy/engine-message';
import { inspectSelect, lakeSchemaHint } from './policy/inspect-select';
import type { QueryExecutor } from './ports/query-executor';
import type { SqlParser } from './ports/sql-parser';
import { JsonValue, toJsonSafe } from './json-safe';
import { capRowsToBytes, CappedRows, DEFAULT_MAX_RESULT_BYTES } from './policy/result-size';

export interface GuardSqlOptions {
  /** Row cap applied by wrapping the query (the model's own smaller LIMIT is kept). Default 100. */
  readonly maxRows?: number;
  /** Time limit per query. Default 10 s. */
  readonly timeoutMs?: number;
  /** Answer size budget in bytes of JSON (rows, then texts, are cut to fit). Default 256 KB. */
  readonly maxResultBytes?: number;
}

/** A query that passed the guard: the text that will run (wrapped with the row cap) and the lake tables it reads. */
export interface GuardedQuery {
  readonly sql: string;
  readonly tables: readonly string[];
}

export interface QueryResult {
  readonly columns: string[];
  /** One array per row, in column order. */
  readonly data: JsonValue[][];
  readonly row_count: number;
  /** True when the row cap or the size budget cut the result (more rows, or longer texts, exist). */
  readonly truncated: boolean;
  readonly source: string;
  /** Says what the size budget cut, and how to get a complete answer. */
  readonly note?: string;
}

export const DEFAULT_MAX_ROWS = 100;
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Runs SQL written by a language model as hostile input: parse it (never by text search), accept exactly one
 * SELECT over the lake tables, refuse table functions, files, settings and introspection, cap the rows by
 * wrapping, and execute it in the sandbox. Refusals throw QueryRejectedError with a code and an actionable message.
 */
export class GuardSql {
  private readonly maxRows: number;
  private readonly timeoutMs: number;
  private readonly maxResultBytes: number;

  constructor(
    private readonly parser: SqlParser,
    private readonly executor: QueryExecutor,
    options: GuardSqlOptions = {},
  ) {
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResultBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
    if (!Number.isInteger(this.maxRows) || this.maxRows < 1)
      throw new RangeError(`maxRows must be a positive integer, got ${this.maxRows}`);
    if (!Number.isInteger(this.maxResultBytes) || this.maxResultBytes < 1024)
      throw new RangeError(`maxResultBytes must be an integer >= 1024, got ${this.maxResultBytes}`);
  }

  async execute(sql: string, options: { readonly maxRows?: number } = {}): Promise<QueryResult> {
    const requested = options.maxRows ?? this.maxRows;
    if (!Number.isInteger(requested) || requested < 1)
      throw new RangeError(`maxRows must be a positive integer, got ${options.maxRows}`);
    const maxRows = Math.min(requested, this.maxRows);
    // One row beyond the cap tells whether the result was truncated.
    const guarded = await this.guard(sql, maxRows + 1);
    const executed = await this.executor.execute(guarded.sql, {
      timeoutMs: this.timeoutMs,
      maxBytes: this.maxResultBytes,
    });
    const overCap = executed.rows.length > maxRows;
    const rows = overCap ? executed.rows.slice(0, maxRows) : executed.rows;
    const json = rows.map((row) => row.map((v, i) => toJsonSafe(v, executed.columns[i]?.type)));
    const capped = capRowsToBytes(json, this.maxResultBytes);
    const sizeCut = executed.capped === true || capped.droppedRows > 0 || capped.cutTextsAt !== undefined;
    return {
      columns: executed.columns.map((c) => c.name),
      data: capped.data,
      row_count: capped.data.length,
      truncated: overCap || sizeCut,
      source: executed.source,
      ...(sizeCut ? { note: this.sizeNote(capped) } : {}),
    };
  }

  private sizeNote(capped: CappedRows): string {
    const kb = Math.round(this.maxResultBytes / 1024);
    const what =
      capped.cutTextsAt !== undefined
        ? `texts cut to ${capped.cutTextsAt} characters`
        : `${capped.data.length} row${capped.data.length === 1 ? '' : 's'} returned`;
    return (
      `Result trimmed to stay under ${kb} KB: ${what}. Select fewer or shorter columns (left(caption, 200)), ` +
      'aggregate in SQL, or lower LIMIT for a complete answer.'
    );
  }

  /** Checks the SQL and returns the capped text that would run; throws QueryRejectedError when refused. */
  async guard(sql: string, limit = this.maxRows): Promise<GuardedQuery> {
    if (typeof sql !== 'string' || splitStatements(sql).length === 0) {
      throw new QueryRejectedError(
        'EMPTY_QUERY',
        `The query is empty. Write one SELECT over posts and restaurants. ${lakeSchemaHint()}`,
      );
    }
    const inspected = await this.inspect(sql);
    // Wrapping can only be trusted once the wrapped text itself passes the guard: a trailing comment or
    // semicolon must not change what runs. Try the text as given, then without a trailing comment.
    let lastError: unknown;
    for (const body of wrapCandidates(sql)) {
      const wrapped = `SELECT * FROM (\n${body}\n) AS capped LIMIT ${limit}`;
      try {
        const check = await this.inspect(wrapped);
        return { sql: wrapped, tables: check.tables.length ? check.tables : inspected.tables };
      } catch (error) {
        lastError = error;
      }
    }
    throw new QueryRejectedError(
      'PARSE_ERROR',
      'The query could not be wrapped with a row limit; remove trailing semicolons and comments and send a single SELECT.',
      { cause: lastError },
    );
  }

  private async inspect(sql: string) {
    const parsed = await this.parser.parse(sql);
    if (parsed.error?.kind === 'syntax') {
      throw new QueryRejectedError(
        'PARSE_ERROR',
        `The SQL does not parse: ${explainEngineMessage(parsed.error.message)} Use DuckDB SQL. ${lakeSchemaHint()}`,
      );
    }
    // DuckDB expands some single statements (PIVOT) into several: count what the text itself holds.
    if (parsed.statementCount > 1 && splitStatements(sql).length > 1) {
      throw new QueryRejectedError(
        'MULTIPLE_STATEMENTS',
        `Send exactly one SELECT statement, not ${parsed.statementCount} statements separated by semicolons.`,
      );
    }
    if (parsed.statementCount === 0 && !parsed.error) {
      throw new QueryRejectedError(
        'EMPTY_QUERY',
        `The query has no statement. Write one SELECT over posts and restaurants. ${lakeSchemaHint()}`,
      );
    }
    if (parsed.error?.kind === 'not-select' || !parsed.statements || parsed.statements.length !== 1) {
      throw new QueryRejectedError(
        'NOT_A_SELECT',
        'Only a read-only SELECT can run (no INSERT, UPDATE, DELETE, DROP, CREATE, COPY, ATTACH, SET, PRAGMA, PIVOT statements). ' +
          'Write one SELECT over posts and restaurants.',
      );
    }
    return inspectSelect(parsed.statements[0]);
  }
}

function wrapCandidates(sql: string): string[] {
  const trimmed = sql.replace(/[\s;]+$/u, '');
  const withoutTrailingComment = sql.replace(/;\s*(--[^\n]*\s*)*$/u, '').replace(/[\s;]+$/u, '');
  return [...new Set([trimmed, withoutTrailingComment])];
}
