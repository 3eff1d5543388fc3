/**
 * What the SQL parser says about a text, without binding it to tables or touching any data.
 * `statements` is the parser's JSON AST (DuckDB `json_serialize_sql` shape) when every statement is a SELECT.
 */
export interface ParsedSql {
  readonly statementCount: number;
  readonly statements?: readonly unknown[];
  readonly error?: { readonly kind: 'syntax' | 'not-select'; readonly message: string };
}

export interface SqlParser {
  parse(sql: string): Promise<ParsedSql>;
}

/** In-memory fake: answers from a fixed table of texts (for use-case tests that need no engine). */
export class StaticSqlParser implements SqlParser {
  constructor(private readonly answers: ReadonlyMap<string, ParsedSql>) {}

  async parse(sql: string): Promise<ParsedSql> {
    return (
      this.answers.get(sql) ?? { statementCount: 1, error: { kind: 'syntax', message: `syntax error in "${sql}"` } }
    );
  }
}
