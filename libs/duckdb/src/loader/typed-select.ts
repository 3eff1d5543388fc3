import { ColumnBinding, ColumnSpec, derivedCitySql, FileLayout, isDerivedCity } from '@instalake/lake-schema';
import { toSqlTimestamp } from '../duckdb-ingest-log';
import { missingProblem, parsedExpression, problemExpression, valueExpression } from '../sql/coercion';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';

/** The reader's column for a source field. */
export function sourceColumn(index: number): string {
  return quoteIdent(`c${index}`);
}

const roleColumn = (column: string, role: string) => quoteIdent(`il_r_${column}_${role}`);
const valueColumn = (column: string) => quoteIdent(`il_v_${column}`);
const keyedColumn = (column: string) => quoteIdent(`il_k_${column}`);
const parsedColumn = (column: string) => quoteIdent(`il_p_${column}`);
const cityLookup = (column: string) => `il_city_${column}`;

/**
 * Every expression below reads columns of the level before it: DuckDB macros repeat their arguments, so a value
 * used several times (trimmed, parsed, checked) is computed once in a column of its own.
 *
 *   L0 from il_raw   source pieces: a field, the list of split hashtag columns, the keyed post-id candidates
 *   L1               il_v_<col>: the column's text (post id chosen, hashtags joined, mapping default applied)
 *   L2               il_k_<col>: trimmed, NULL for null tokens (keys, values to parse)
 *   L3               il_p_<col>: parsed counts and dates
 *   L4               lake values and problems (+ city lookups)
 */
function sourceLevels(layout: FileLayout): { l0: string[]; l1: string[] } {
  const l0: string[] = ['rowid AS il_ord'];
  const l1: string[] = ['il_ord'];
  for (const b of layout.bindings) {
    const s = b.source;
    let text: string;
    switch (s.kind) {
      case 'field':
        l0.push(`${sourceColumn(s.field.index)} AS ${roleColumn(b.column, 'f')}`);
        text = roleColumn(b.column, 'f');
        break;
      case 'tags':
        l0.push(
          s.fields.length === 1 && s.fields[0].list
            ? `json_extract_string(${sourceColumn(s.fields[0].index)}, '$[*]') AS ${roleColumn(b.column, 'l')}`
            : `list_value(${s.fields.map((f) => sourceColumn(f.index)).join(', ')}) AS ${roleColumn(b.column, 'l')}`,
        );
        text = `il_tags(${roleColumn(b.column, 'l')})`;
        break;
      case 'post-id': {
        const roles = { sc: s.shortcode, id: s.id, url: s.url };
        for (const [role, field] of Object.entries(roles))
          l0.push(
            `${field ? `il_key(${sourceColumn(field.index)})` : 'NULL::VARCHAR'} AS ${roleColumn(b.column, role)}`,
          );
        text = `il_post_id(${['sc', 'id', 'url'].map((r) => roleColumn(b.column, r)).join(', ')})`;
        break;
      }
      default:
        text = 'NULL::VARCHAR';
    }
    if (b.source.kind === 'post-url-from-id') continue;
    l1.push(`${withDefault(b, text)} AS ${valueColumn(b.column)}`);
  }
  return { l0, l1 };
}

function withDefault(binding: ColumnBinding, text: string): string {
  if (binding.defaultValue === undefined) return `CAST(${text} AS VARCHAR)`;
  const fallback = quoteLiteral(binding.defaultValue);
  if (text === 'NULL::VARCHAR') return fallback;
  return `CASE WHEN il_is_null(${text}) THEN ${fallback} ELSE ${text} END`;
}

/**
 * City columns are computed once per distinct value (a handful of search terms and city spellings per file) and
 * joined back: the alias regular expressions would otherwise run on every row.
 */
export function cityLookupTables(layout: FileLayout): string[] {
  const { l0, l1 } = sourceLevels(layout);
  return layout.table.columns.filter(isDerivedCity).map((column) => {
    const city = derivedCitySql(column, 'v');
    return `CREATE OR REPLACE TEMP TABLE ${cityLookup(column.name)} AS
        SELECT v, ${city} AS city FROM (
          SELECT DISTINCT il_key(${valueColumn(column.derivedFrom!)}) AS v
          FROM (SELECT ${l1.join(', ')} FROM (SELECT ${l0.join(', ')} FROM il_raw)))`;
  });
}

/**
 * il_typed: one row per record the reader accepted: lake values, its order (il_ord), and when it cannot land the
 * reason code of its first problem (il_code) and every problem's sentence (il_reason).
 */
export function typedSelect(layout: FileLayout, loadedAt: Date): string {
  const bindings = new Map(layout.bindings.map((b) => [b.column, b]));
  const { l0, l1 } = sourceLevels(layout);
  if (bindings.get('post_url')?.source.kind === 'post-url-from-id') {
    const id = `il_key(${valueColumn('post_id')})`;
    // A post id that is a number (an id kept as written) is no shortcode: a URL built from it would be invented.
    l1.push(
      `CASE WHEN ${id} IS NULL OR regexp_full_match(${id}, '[0-9]+') THEN NULL ELSE 'https://www.instagram.com/p/' || ${id} || '/' END AS ${valueColumn('post_url')}`,
    );
  }
  const l2: string[] = ['*'];
  const l3: string[] = ['*'];
  const l4: string[] = ['il_ord'];
  const problems: string[] = [];
  const joins: string[] = [];
  const keyed = new Set<string>();
  const keyOf = (column: string) => {
    // The post id is chosen from keyed candidates: it is keyed already (a mapping default is a literal).
    const already = bindings.get(column)?.source.kind === 'post-id' && bindings.get(column)?.defaultValue === undefined;
    if (!keyed.has(column))
      l2.push(`${already ? valueColumn(column) : `il_key(${valueColumn(column)})`} AS ${keyedColumn(column)}`);
    keyed.add(column);
    return keyedColumn(column);
  };

  for (const column of layout.table.columns) {
    const name = quoteIdent(column.name);
    if (column.system) {
      l4.push(`TIMESTAMP ${quoteLiteral(toSqlTimestamp(loadedAt))} AS ${name}`);
      continue;
    }
    if (isDerivedCity(column)) {
      const alias = cityLookup(column.name);
      joins.push(`LEFT JOIN ${alias} ON ${alias}.v IS NOT DISTINCT FROM ${keyOf(sourceOf(column))}`);
      l4.push(`${alias}.city AS ${name}`);
      continue;
    }
    const source = sourceOf(column);
    const value = valueColumn(source);
    const isKey = layout.table.key.includes(column.name);
    const parse = parsedExpression(column, keyedColumn(source));
    const k = parse || isKey ? keyOf(source) : keyedColumn(source);
    if (parse) l3.push(`${parse} AS ${parsedColumn(column.name)}`);
    const stored =
      column.name === 'hashtags' && bindings.get('hashtags')?.source.kind === 'field'
        ? `il_tags_text(${value})`
        : valueExpression(column, value, k, parsedColumn(column.name), isKey);
    l4.push(`${stored} AS ${name}`);
    // A derived column (followers_count) never rejects its row: the scraped string is kept as it is.
    const problem = parse && !column.derivedFrom ? problemExpression(column, k, parsedColumn(column.name)) : undefined;
    if (problem) problems.push(problem);
    if (column.requiredInRow) problems.push(`CASE WHEN ${stored} IS NULL THEN ${missingProblem(column.name)} END`);
  }
  // Problems as scalar columns (no list per row): the first one's code, every one's sentence.
  const q = problems.map((_, i) => quoteIdent(`il_q${i}`));
  const code = q.length ? `split_part(coalesce(${q.join(', ')}), chr(31), 1)` : 'NULL::VARCHAR';
  const reason = q.length
    ? `nullif(concat_ws('; ', ${q.map((x) => `split_part(${x}, chr(31), 2)`).join(', ')}), '')`
    : 'NULL::VARCHAR';
  return `SELECT * EXCLUDE (${q.length ? q.join(', ') : 'il_none'}), ${code} AS il_code, ${reason} AS il_reason
  FROM (
    SELECT ${l4.join(',\n  ')}, ${problems.length ? problems.map((p, i) => `${p} AS ${q[i]}`).join(',\n  ') : 'NULL AS il_none'}
    FROM (SELECT ${l3.join(', ')} FROM (SELECT ${l2.join(', ')} FROM (SELECT ${l1.join(', ')} FROM (SELECT ${l0.join(', ')} FROM il_raw)))) il_parsed
    ${joins.join('\n    ')}
  )`;
}

/** The column whose text a column reads: its own, or the one it derives from (followers_count <- followers). */
function sourceOf(column: ColumnSpec): string {
  return column.derivedFrom ?? column.name;
}
