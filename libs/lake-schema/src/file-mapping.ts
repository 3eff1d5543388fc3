import type { FileTableName } from './tables';

/** Order of day and month in numeric dates such as 03/04/2025 (ambiguous without it). */
export type DateOrder = 'MDY' | 'DMY';

/**
 * What a file cannot say for itself, given by the user (CLI flags or a mapping file): column renames, values for
 * columns the file lacks, the table, and the order of numeric dates.
 */
export interface FileMapping {
  readonly table?: FileTableName;
  /** Source field (as written or normalised) -> lake column. Takes precedence over the built-in aliases. */
  readonly map?: Readonly<Record<string, string>>;
  /** Lake column -> value for the rows where the file has none (every row when the file lacks the column). */
  readonly set?: Readonly<Record<string, string>>;
  readonly dateOrder?: DateOrder;
}

/** Later mappings override earlier ones key by key (CLI flags over a mapping file rule). */
export function mergeFileMappings(...mappings: readonly (FileMapping | undefined)[]): FileMapping | undefined {
  const present = mappings.filter((m): m is FileMapping => m !== undefined);
  if (present.length === 0) return undefined;
  return present.reduce((a, b) => ({
    table: b.table ?? a.table,
    map: { ...a.map, ...b.map },
    set: { ...a.set, ...b.set },
    dateOrder: b.dateOrder ?? a.dateOrder,
  }));
}
