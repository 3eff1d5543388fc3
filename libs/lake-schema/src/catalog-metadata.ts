import { LAKE_TABLES, TableSpec } from './tables';

/** A column as a metadata catalog (Glue, an Iceberg REST catalog) reports it. */
export interface CatalogColumn {
  readonly name: string;
  /** The catalog's own type name (`string`, `int`, `bigint`, `date`, `timestamp`, ...). */
  readonly type: string;
  readonly comment?: string;
  /** Hive-style partition key (Iceberg tables report partitioning in their own metadata instead). */
  readonly partitionKey?: boolean;
}

export interface CatalogTable {
  readonly namespace: string;
  readonly name: string;
  /** `ICEBERG` for Iceberg tables registered in Glue. */
  readonly tableType?: string;
  readonly location?: string;
  readonly columns: readonly CatalogColumn[];
}

/** Port: reads table and column metadata of the deployed lake (schema for the agent, drift checks). */
export interface CatalogMetadata {
  listTables(namespace: string): Promise<CatalogTable[]>;
  /** undefined when the table does not exist. */
  getTable(namespace: string, name: string): Promise<CatalogTable | undefined>;
}

/** In-memory fake of the port for use-case tests. */
export class InMemoryCatalogMetadata implements CatalogMetadata {
  private readonly tables = new Map<string, CatalogTable>();

  constructor(tables: readonly CatalogTable[] = []) {
    for (const table of tables) this.put(table);
  }

  put(table: CatalogTable): void {
    this.tables.set(`${table.namespace}.${table.name}`.toLowerCase(), table);
  }

  async listTables(namespace: string): Promise<CatalogTable[]> {
    return [...this.tables.values()].filter((t) => t.namespace.toLowerCase() === namespace.toLowerCase());
  }

  async getTable(namespace: string, name: string): Promise<CatalogTable | undefined> {
    return this.tables.get(`${namespace}.${name}`.toLowerCase());
  }
}

export type SchemaDriftKind =
  'missing-table' | 'missing-column' | 'unexpected-column' | 'type-mismatch' | 'not-iceberg';

export interface SchemaDriftIssue {
  readonly kind: SchemaDriftKind;
  readonly table: string;
  readonly column?: string;
  readonly expected?: string;
  readonly actual?: string;
  /** What is wrong and how to fix it, for logs and the CLI. */
  readonly message: string;
}

export interface SchemaDriftReport {
  readonly matches: boolean;
  readonly issues: readonly SchemaDriftIssue[];
}

/** Catalog type names that mean the same as a lake-schema SQL type (Hive, Iceberg and DuckDB spellings). */
const EQUIVALENT_TYPES: Record<TableSpec['columns'][number]['sqlType'], readonly string[]> = {
  VARCHAR: ['varchar', 'string', 'text'],
  INTEGER: ['integer', 'int', 'int32'],
  BIGINT: ['bigint', 'long', 'int64'],
  DATE: ['date'],
  TIMESTAMP: ['timestamp', 'timestamp_ntz', 'timestamp without time zone'],
};

function sameType(expected: keyof typeof EQUIVALENT_TYPES, actual: string): boolean {
  const normalised = actual
    .trim()
    .toLowerCase()
    .replace(/\(\d+\)$/, '');
  return EQUIVALENT_TYPES[expected].includes(normalised);
}

/**
 * Compares the deployed tables with lake-schema: missing tables or columns, extra columns, type differences and
 * tables that are not Iceberg. Column names compare case-insensitively (Glue lower-cases them).
 */
export function compareWithLakeSchema(
  deployed: readonly CatalogTable[],
  expected: readonly TableSpec[] = LAKE_TABLES,
  options: { requireIceberg?: boolean } = {},
): SchemaDriftReport {
  const issues: SchemaDriftIssue[] = [];
  for (const spec of expected) {
    const table = deployed.find(
      (t) => t.name.toLowerCase() === spec.name && t.namespace.toLowerCase() === spec.namespace,
    );
    const qualified = `${spec.namespace}.${spec.name}`;
    if (!table) {
      issues.push({
        kind: 'missing-table',
        table: qualified,
        message: `${qualified} is missing: deploy the stack (it creates the tables) or run the ingest DDL.`,
      });
      continue;
    }
    if (options.requireIceberg && table.tableType?.toUpperCase() !== 'ICEBERG') {
      issues.push({
        kind: 'not-iceberg',
        table: qualified,
        actual: table.tableType ?? 'unknown',
        message: `${qualified} is a ${table.tableType ?? 'non-Iceberg'} table: drop it and let the ingest DDL recreate it as Iceberg.`,
      });
    }
    const actual = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
    for (const column of spec.columns) {
      const found = actual.get(column.name);
      if (!found) {
        issues.push({
          kind: 'missing-column',
          table: qualified,
          column: column.name,
          expected: column.sqlType,
          message: `${qualified}.${column.name} (${column.sqlType}) is missing: add it with ALTER TABLE ... ADD COLUMN.`,
        });
      } else if (!sameType(column.sqlType, found.type)) {
        issues.push({
          kind: 'type-mismatch',
          table: qualified,
          column: column.name,
          expected: column.sqlType,
          actual: found.type,
          message: `${qualified}.${column.name} is ${found.type}, lake-schema says ${column.sqlType}: loads will fail to cast; alter the column type.`,
        });
      }
    }
    const known = new Set(spec.columns.map((c) => c.name));
    for (const column of table.columns) {
      if (!known.has(column.name.toLowerCase())) {
        issues.push({
          kind: 'unexpected-column',
          table: qualified,
          column: column.name,
          actual: column.type,
          message: `${qualified}.${column.name} is not in lake-schema: the agent will not know it; add it to lake-schema or drop it.`,
        });
      }
    }
  }
  return { matches: issues.length === 0, issues };
}
