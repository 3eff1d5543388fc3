import { normaliseHeaderName } from './csv-header';
import { csvColumns, LAKE_TABLES, TableName, TableSpec } from './tables';

/** How one CSV file maps onto a lake table. */
export interface FileLayout {
  readonly table: TableSpec;
  /** How the kind was decided: by file name, or by header when the name says nothing. */
  readonly decidedBy: 'file-name' | 'header';
  /** For each lake column read from CSV: the index of its header field, or -1 when the file lacks it. */
  readonly bindings: readonly ColumnBinding[];
  /** Required columns the header lacks (non-empty means the file is rejected whole). */
  readonly missingRequired: readonly string[];
  /** Optional columns the header lacks: they land as NULL. */
  readonly missingOptional: readonly string[];
  /** Header fields that match no column: ignored, and reported. */
  readonly extraColumns: readonly string[];
  /** Header fields that map to a column another field already took: ignored, and reported. */
  readonly duplicateColumns: readonly string[];
}

export interface ColumnBinding {
  readonly column: string;
  readonly sourceIndex: number;
  readonly sourceName?: string;
}

export function tableFromFileName(key: string): TableName | undefined {
  const base = (key.split('/').pop() ?? key).toLowerCase();
  // Longest prefix first: instagram_restaurant_results must not be read as instagram_results.
  const candidates = LAKE_TABLES.flatMap((t) => t.filePrefixes.map((p) => ({ p, t: t.name }))).sort(
    (a, b) => b.p.length - a.p.length,
  );
  return candidates.find(({ p }) => base.startsWith(p))?.t;
}

function columnFor(table: TableSpec, normalisedHeader: string): string | undefined {
  const cols = csvColumns(table);
  return (
    cols.find((c) => c.name === normalisedHeader)?.name ?? cols.find((c) => c.aliases?.includes(normalisedHeader))?.name
  );
}

export function bindHeader(
  table: TableSpec,
  header: readonly string[],
  decidedBy: FileLayout['decidedBy'],
): FileLayout {
  const taken = new Map<string, number>();
  const extraColumns: string[] = [];
  const duplicateColumns: string[] = [];
  header.forEach((raw, index) => {
    const column = columnFor(table, normaliseHeaderName(raw));
    if (!column) extraColumns.push(raw);
    else if (taken.has(column)) duplicateColumns.push(raw);
    else taken.set(column, index);
  });
  const cols = csvColumns(table);
  const bindings = cols.map((c) => ({
    column: c.name,
    sourceIndex: taken.get(c.name) ?? -1,
    sourceName: taken.has(c.name) ? header[taken.get(c.name)!] : undefined,
  }));
  return {
    table,
    decidedBy,
    bindings,
    missingRequired: cols.filter((c) => c.requiredInHeader && !taken.has(c.name)).map((c) => c.name),
    missingOptional: cols.filter((c) => !c.requiredInHeader && !taken.has(c.name)).map((c) => c.name),
    extraColumns,
    duplicateColumns,
  };
}

/**
 * Decides the table for a file: by name (post_results*, instagram_results*, instagram_restaurant_results*),
 * else by the header (the table whose required columns are all present and which binds the most columns).
 */
export function resolveFileLayout(key: string, header: readonly string[]): FileLayout | undefined {
  const byName = tableFromFileName(key);
  if (byName)
    return bindHeader(
      LAKE_TABLES.find((t) => t.name === byName)!,
      header,
      'file-name',
    );
  const scored = LAKE_TABLES.map((t) => bindHeader(t, header, 'header'))
    .filter((l) => l.missingRequired.length === 0)
    .sort(
      (a, b) =>
        b.bindings.filter((x) => x.sourceIndex >= 0).length - a.bindings.filter((x) => x.sourceIndex >= 0).length,
    );
  return scored[0];
}
