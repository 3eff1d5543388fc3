/** JSON-safe cell as the guarded SQL tool returns it. */
export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlResult {
  readonly columns: string[];
  readonly rows: SqlRow[];
  /** True when the guard's row cap cut the result. */
  readonly truncated: boolean;
}

/**
 * Read-only SQL over the lake tables `posts` and `restaurants` through the query guard: the same
 * use case the Bedrock Agent's action group calls. Refused or failing SQL rejects with the guard's error.
 */
export interface SqlTool {
  run(sql: string): Promise<SqlResult>;
}

/**
 * Fake for unit tests: answers each SQL with the first scripted responder whose pattern matches, and records
 * every statement so tests can assert what the agent asked for.
 */
export class ScriptedSqlTool implements SqlTool {
  readonly statements: string[] = [];
  private readonly script: { pattern: RegExp; answer: (sql: string) => SqlRow[] }[] = [];

  on(pattern: RegExp, answer: SqlRow[] | ((sql: string) => SqlRow[])): this {
    this.script.push({ pattern, answer: typeof answer === 'function' ? answer : () => answer });
    return this;
  }

  async run(sql: string): Promise<SqlResult> {
    this.statements.push(sql);
    const entry = this.script.find((s) => s.pattern.test(sql));
    if (!entry) throw new Error(`ScriptedSqlTool: no scripted answer for SQL:\n${sql}`);
    const rows = entry.answer(sql);
    return { columns: rows[0] ? Object.keys(rows[0]) : [], rows, truncated: false };
  }
}
