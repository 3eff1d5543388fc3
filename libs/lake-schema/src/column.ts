/** Lake column types. `count` is a scraped integer (`1,234`, `1.2K`); `date` accepts ISO dates, timestamps and epochs. */
export type ColumnKind = 'text' | 'count' | 'bigcount' | 'date' | 'timestamp';

export interface ColumnSpec {
  /** Column name in the lake table. */
  readonly name: string;
  readonly kind: ColumnKind;
  /** SQL type in every catalog (DuckDB local, Iceberg). */
  readonly sqlType: 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DATE' | 'TIMESTAMP';
  /** Human description: goes into the agent's schema description and the OpenAPI document. */
  readonly description: string;
  /** CSV header names (normalised) that map to this column, besides its own name. */
  readonly aliases?: readonly string[];
  /** The header must contain this column, or the whole file is rejected. */
  readonly requiredInHeader?: boolean;
  /** A row without a value here is rejected (key columns that may not be NULL). */
  readonly requiredInRow?: boolean;
  /** Not read from CSV: the lake fills it (ingested_at) or derives it from another column. */
  readonly derivedFrom?: string;
  readonly system?: boolean;
  /** Personal data: masked before it leaves the lake layer. */
  readonly pii?: boolean;
}

export const text = (name: string, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  kind: 'text',
  sqlType: 'VARCHAR',
  description,
  ...extra,
});
