import type { ColumnSpec } from './column';
import { normaliseHeaderName } from './csv-header';
import type { DateOrder, FileMapping } from './file-mapping';
import { closestKnownLayout, KnownLayout } from './known-layouts';
import { csvColumns, FILE_TABLES, FileTableName, POST_URL_ALIASES, TableSpec } from './tables';

/** One field of a source file: a CSV header column, or a (flattened) JSON path such as `owner.username`. */
export interface SourceField {
  /** Position in the file's field list: the CSV column index, or the JSON path's index. */
  readonly index: number;
  /** As written: the CSV header name, or the JSON path. */
  readonly name: string;
  /** A JSON array value (e.g. Apify's `hashtags`). */
  readonly list?: boolean;
}

/** Where a lake column's value comes from in one file. */
export type ColumnSource =
  | { readonly kind: 'absent' }
  | { readonly kind: 'field'; readonly field: SourceField }
  /** Hashtags from split columns (`hashtags/0..N`) or a JSON list, joined as `#a #b`. */
  | { readonly kind: 'tags'; readonly fields: readonly SourceField[] }
  /**
   * The post shortcode: a shortcode field, else an id that is no media id (kept as written, `12345` too), else the
   * code in an instagram.com/p|reel|tv URL, else the shortcode a media id (a number of 15 to 20 digits) encodes.
   */
  | {
      readonly kind: 'post-id';
      readonly shortcode?: SourceField;
      readonly id?: SourceField;
      readonly url?: SourceField;
    }
  /** No URL field, but a shortcode: the post's public URL is built from it. */
  | { readonly kind: 'post-url-from-id' };

export interface ColumnBinding {
  readonly column: string;
  readonly source: ColumnSource;
  /** From a mapping's `set`: the value where the file has none (every row when the source is absent). */
  readonly defaultValue?: string;
}

/** How one file maps onto a lake table. */
export interface FileLayout {
  readonly table: TableSpec;
  /** How the table was decided. */
  readonly decidedBy: 'file-name' | 'header' | 'mapping';
  /** Every field of the file, in order. */
  readonly fields: readonly SourceField[];
  /** One binding per column read from the file (csvColumns order). */
  readonly bindings: readonly ColumnBinding[];
  /** The scraper layout the file matches best, when it matches one well. */
  readonly knownLayout?: KnownLayout;
  /** Required columns neither the file nor the mapping provides (non-empty: the file is rejected whole). */
  readonly missingRequired: readonly string[];
  /** Optional columns the file lacks: they land as NULL. */
  readonly missingOptional: readonly string[];
  /** Fields that match no column: ignored, and reported. */
  readonly extraColumns: readonly string[];
  /** Fields that map to a column another field already gives: ignored, and reported. */
  readonly duplicateColumns: readonly string[];
  readonly dateOrder?: DateOrder;
  /** Things the caller should report: name and header disagreeing, mapping entries that matched nothing. */
  readonly notes: readonly string[];
}

/** Fields whose value is the shortcode as written. */
const SHORTCODE_FIELDS = ['short_code', 'shortcode', 'code'];
/**
 * Fields that hold the post id: kept as written, unless it is Instagram's numeric media id (a long number), which
 * gives way to the URL's shortcode, else to the shortcode it encodes.
 */
const POST_ID_FIELDS = ['post_id', 'id', 'media_id', 'mediaid', 'pk'];
const SPLIT_TAGS = /^(hashtags|tags)_(\d+)$/;

export function tableFromFileName(key: string): FileTableName | undefined {
  const base = (key.split('/').pop() ?? key).toLowerCase();
  // Longest prefix first: instagram_restaurant_results must not be read as instagram_results.
  const candidates = FILE_TABLES.flatMap((t) => t.filePrefixes.map((p) => ({ p, t: t.name as FileTableName }))).sort(
    (a, b) => b.p.length - a.p.length,
  );
  return candidates.find(({ p }) => base.startsWith(p))?.t;
}

export function fieldsFromHeader(header: readonly string[]): SourceField[] {
  return header.map((name, index) => ({ index, name }));
}

/** The field names that give a column, in priority order (its own name first). */
export function sourceNamesFor(column: ColumnSpec): string[] {
  if (column.name === 'post_id') return [...SHORTCODE_FIELDS, ...POST_ID_FIELDS];
  return [column.name, ...(column.aliases ?? [])];
}

/** Binds a file's fields to one table's columns, applying a mapping's renames and defaults. */
export function bindFields(
  table: TableSpec,
  fields: readonly SourceField[],
  decidedBy: FileLayout['decidedBy'],
  mapping: FileMapping = {},
): FileLayout {
  const notes: string[] = [];
  const byName = new Map<string, SourceField>();
  const sameName: SourceField[] = [];
  for (const field of fields) {
    const key = normaliseHeaderName(field.name);
    if (byName.has(key)) sameName.push(field);
    else byName.set(key, field);
  }
  const columns = csvColumns(table);
  const columnNames = new Set(columns.map((c) => c.name));
  const used = new Set<SourceField>();
  const explicit = new Map<string, SourceField>();
  for (const [source, column] of Object.entries(mapping.map ?? {})) {
    const field = byName.get(normaliseHeaderName(source));
    if (!columnNames.has(column)) notes.push(`mapping ${source}=${column}: ${table.name} has no column ${column}`);
    else if (!field) notes.push(`mapping ${source}=${column}: the file has no field ${source}`);
    else explicit.set(column, field);
  }
  const mappedFields = new Set(explicit.values());
  const find = (names: readonly string[]) =>
    names.map((n) => byName.get(n)).find((f): f is SourceField => f !== undefined && !mappedFields.has(f));

  const bindings: ColumnBinding[] = columns.map((column) => {
    const defaultValue = mapping.set?.[column.name];
    const source = sourceFor(column, explicit.get(column.name), find, byName);
    for (const field of fieldsOf(source)) used.add(field);
    return defaultValue === undefined ? { column: column.name, source } : { column: column.name, source, defaultValue };
  });
  for (const [column, value] of Object.entries(mapping.set ?? {})) {
    if (!columnNames.has(column)) notes.push(`mapping set ${column}=${value}: ${table.name} has no column ${column}`);
  }
  // Instaloader and others have no URL: the shortcode gives it.
  const postUrl = bindings.findIndex((b) => b.column === 'post_url' && b.source.kind === 'absent');
  const postId = bindings.find((b) => b.column === 'post_id');
  if (postUrl >= 0 && postId?.source.kind === 'post-id' && (postId.source.shortcode || postId.source.id))
    bindings[postUrl] = { ...bindings[postUrl], source: { kind: 'post-url-from-id' } };

  const duplicates = new Set<SourceField>(sameName);
  for (const column of columns) {
    for (const name of sourceNamesFor(column)) {
      const field = byName.get(name);
      if (field && !used.has(field)) duplicates.add(field);
    }
  }
  const provided = (b: ColumnBinding) => b.source.kind !== 'absent' || b.defaultValue !== undefined;
  const normalised = new Set(byName.keys());
  const closest = closestKnownLayout(normalised, table.name as FileTableName);
  return {
    table,
    decidedBy,
    fields,
    bindings,
    knownLayout: closest && closest.score >= 0.5 ? closest.layout : undefined,
    missingRequired: columns
      .filter((c) => c.requiredInHeader && !provided(bindings.find((b) => b.column === c.name)!))
      .map((c) => c.name),
    missingOptional: bindings.filter((b) => !provided(b)).map((b) => b.column),
    extraColumns: fields.filter((f) => !used.has(f) && !duplicates.has(f)).map((f) => f.name),
    duplicateColumns: fields.filter((f) => duplicates.has(f)).map((f) => f.name),
    dateOrder: mapping.dateOrder,
    notes,
  };
}

function sourceFor(
  column: ColumnSpec,
  explicit: SourceField | undefined,
  find: (names: readonly string[]) => SourceField | undefined,
  byName: ReadonlyMap<string, SourceField>,
): ColumnSource {
  if (column.name === 'post_id') {
    const shortcode = explicit ? undefined : find(SHORTCODE_FIELDS);
    const id = explicit ?? find(POST_ID_FIELDS);
    const url = find(['post_url', ...POST_URL_ALIASES]);
    if (!shortcode && !id && !url) return { kind: 'absent' };
    return { kind: 'post-id', ...(shortcode && { shortcode }), ...(id && { id }), ...(url && { url }) };
  }
  const field = explicit ?? find(sourceNamesFor(column));
  if (column.name === 'hashtags') {
    if (field?.list) return { kind: 'tags', fields: [field] };
    if (!field) {
      const split = [...byName]
        .map(([name, f]) => ({ f, n: SPLIT_TAGS.exec(name) }))
        .filter((x): x is { f: SourceField; n: RegExpExecArray } => x.n !== null)
        .sort((a, b) => a.n[1].localeCompare(b.n[1]) || Number(a.n[2]) - Number(b.n[2]));
      if (split.length) return { kind: 'tags', fields: split.map((x) => x.f) };
    }
  }
  return field ? { kind: 'field', field } : { kind: 'absent' };
}

export function fieldsOf(source: ColumnSource): SourceField[] {
  switch (source.kind) {
    case 'field':
      return [source.field];
    case 'tags':
      return [...source.fields];
    case 'post-id':
      return [source.shortcode, source.id, source.url].filter((f): f is SourceField => f !== undefined);
    default:
      return [];
  }
}

/**
 * Decides the table for a file and binds its fields. A mapping's table wins; else the name (post_results*,
 * instagram_results*, instagram_restaurant_results*), unless the fields clearly belong to the other table (then the
 * fields decide, with a note); else the fields. Undefined when nothing points to a table.
 */
export function resolveLayout(
  key: string,
  fields: readonly SourceField[],
  mapping: FileMapping = {},
): FileLayout | undefined {
  if (mapping.table)
    return bindFields(
      FILE_TABLES.find((t) => t.name === mapping.table)!,
      fields,
      'mapping',
      mapping,
    );
  const byName = tableFromFileName(key);
  const bound = FILE_TABLES.map((t) => bindFields(t, fields, 'header', mapping));
  const complete = bound.filter((l) => l.missingRequired.length === 0);
  if (byName) {
    const named = bound.find((l) => l.table.name === byName)!;
    if (complete.length === 1 && complete[0].table.name !== byName) {
      const other = complete[0];
      return {
        ...other,
        notes: [
          ...other.notes,
          `the file is named like a ${byName} file, but its columns are those of ${other.table.name}: read as ${other.table.name}`,
        ],
      };
    }
    return { ...named, decidedBy: 'file-name' };
  }
  const boundCount = (l: FileLayout) => l.bindings.filter((b) => b.source.kind !== 'absent').length;
  if (complete.length) return complete.sort((a, b) => boundCount(b) - boundCount(a))[0];
  // No table's required columns are all there: a file that clearly is a known scraper layout is still read as
  // that table, so the rejection names exactly what is missing.
  const closest = closestKnownLayout(new Set(fields.map((f) => normaliseHeaderName(f.name))));
  if (closest && closest.score >= 0.5) return bound.find((l) => l.table.name === closest.layout.table);
  return undefined;
}

/** resolveLayout for a CSV header. */
export function resolveFileLayout(
  key: string,
  header: readonly string[],
  mapping?: FileMapping,
): FileLayout | undefined {
  return resolveLayout(key, fieldsFromHeader(header), mapping);
}

/** What satisfies a required column, for error messages: `creator (creator, owner_username, username, ...)`. */
export function describeColumnSources(table: TableSpec, column: string): string {
  const spec = table.columns.find((c) => c.name === column);
  if (!spec) return column;
  const names = sourceNamesFor(spec).slice(0, 6);
  const url = column === 'post_id' ? ', or a post URL column (url, post_url)' : '';
  return `${column} (a field named ${names.join(', ')}${url})`;
}
