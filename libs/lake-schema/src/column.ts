/**
 * Lake column types. `count` is a scraped integer (`1,234`, `1.2K`); `date` accepts ISO dates, timestamps, epochs
 * and English month names; `city` is the canonical city of a scraped city value; `city-in-text` the canonical city a
 * free text (a search term) names.
 */
export type ColumnKind = 'text' | 'count' | 'bigcount' | 'date' | 'timestamp' | 'city' | 'city-in-text';

export interface ColumnSpec {
  /** Column name in the lake table. */
  readonly name: string;
  readonly kind: ColumnKind;
  /** SQL type in every catalog (DuckDB local, Iceberg). */
  readonly sqlType: 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DATE' | 'TIMESTAMP';
  /** Human description: goes into the agent's schema description and the OpenAPI document. */
  readonly description: string;
  /**
   * Source field names (normalised, see normaliseHeaderName) that map to this column besides its own name, in
   * priority order: when a file has several, the first one present is read and the others are reported as repeats.
   */
  readonly aliases?: readonly string[];
  /** The file must provide this column (or a mapping must set it), or the whole file is rejected. */
  readonly requiredInHeader?: boolean;
  /** A row without a value here is rejected (key columns that may not be NULL). */
  readonly requiredInRow?: boolean;
  /** Not read from the file: the lake derives it from this other column (followers_count from followers). */
  readonly derivedFrom?: string;
  /** Filled by the lake (ingested_at), never read from a file. */
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
