import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { FileLayout } from '@instalake/lake-schema';
import { FileRejectedError, LakeLoader, LoadOutcome, LoadRequest, RowRejection } from '@instalake/ingestion';
import { withCommitRetry } from '../catalogs/iceberg-commit-retry';
import { qualifiedTable } from '../catalogs/table-ddl';
import type { DuckDbLakeEngine } from '../lake-engine';
import { COERCION_MACROS, parsedExpression, problemExpression, sourceColumn, valueExpression } from '../sql/coercion';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import { readerRejectsSql } from './reader-rejects';
import { SerialQueue } from './serial-queue';

const REJECT_SAMPLES = 5;

/**
 * The bulk write path: read the CSV with an explicit dialect (all VARCHAR), coerce and validate in SQL,
 * de-duplicate on the business key (NULL-safe) and MERGE the new rows into the lake table.
 * Loads run one at a time per engine: one writer per table.
 */
export class DuckDbLakeLoader implements LakeLoader {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly engine: DuckDbLakeEngine,
    private readonly scratchDirectory: string,
  ) {}

  loadCsv(request: LoadRequest): Promise<LoadOutcome> {
    return this.queue.run(() => this.engine.withConnection((c) => this.load(c, request)));
  }

  async discard(rejectsFile: string): Promise<void> {
    await rm(rejectsFile, { force: true });
  }

  private async load(c: DuckDBConnection, { path, layout, header, loadedAt }: LoadRequest): Promise<LoadOutcome> {
    const headerWidth = header.length;
    for (const macro of COERCION_MACROS) await c.run(macro);
    const columns = Array.from({ length: headerWidth }, (_, i) => `${quoteLiteral(`c${i}`)}: 'VARCHAR'`).join(', ');
    try {
      await c.run(`CREATE OR REPLACE TEMP TABLE il_raw AS SELECT * FROM read_csv(${quoteLiteral(path)},
        auto_detect = false, header = true, delim = ',', quote = '"', escape = '"',
        columns = {${columns}}, strict_mode = true, null_padding = false,
        store_rejects = true, rejects_table = 'il_reject_errors', rejects_scan = 'il_reject_scans',
        max_line_size = 8388608)`);
    } catch (error) {
      throw new FileRejectedError('CSV_UNREADABLE', `The file could not be read as CSV: ${firstLine(error)}`, {
        cause: error,
      });
    }

    await c.run(
      `CREATE OR REPLACE TEMP TABLE il_reader_rejects AS ${readerRejectsSql('il_reject_errors', headerWidth)}`,
    );
    // Record numbers: DuckDB numbers records with the header as 1; accepted rows only have their order,
    // so a rejected row's number adds the reader-rejected records before it (computed for rejected rows only).
    await c.run(`CREATE OR REPLACE TEMP TABLE il_gaps AS
      SELECT line - 1 - row_number() OVER (ORDER BY line) AS gap FROM (SELECT DISTINCT line FROM il_reject_errors)`);

    await c.run(`CREATE OR REPLACE TEMP TABLE il_typed AS ${typedSelect(layout, headerWidth, loadedAt)}`);

    const table = qualifiedTable(layout.table.name);
    const key = layout.table.key;
    const target = layout.table.columns.map((col) => quoteIdent(col.name));
    // A MERGE commit that loses a race with another writer is retried whole (DuckDB retries INSERT, not MERGE).
    const merged = await withCommitRetry(() =>
      c.runAndReadAll(`MERGE INTO ${table} AS t
      USING (SELECT ${target.join(', ')} FROM il_typed
             SEMI JOIN (SELECT min(il_ord) AS il_ord FROM il_typed WHERE il_reason IS NULL GROUP BY ${key.map(quoteIdent).join(', ')}) first
             USING (il_ord)) AS s
      ON ${key.map((k) => `t.${quoteIdent(k)} IS NOT DISTINCT FROM s.${quoteIdent(k)}`).join(' AND ')}
      WHEN NOT MATCHED THEN INSERT (${target.join(', ')}) VALUES (${target.map((t) => `s.${t}`).join(', ')})`),
    );
    const landed = Number(merged.getRows()[0]?.[0] ?? 0);

    const counts = (
      await c.runAndReadAll(`SELECT
        (SELECT count(*) FROM il_typed) AS accepted_by_reader,
        (SELECT count(*) FROM il_typed WHERE il_reason IS NOT NULL) AS invalid,
        (SELECT count(*) FROM il_reader_rejects) AS malformed`)
    ).getRowObjectsJS()[0] as Record<string, bigint>;
    const acceptedByReader = Number(counts.accepted_by_reader);
    const rejected = Number(counts.invalid) + Number(counts.malformed);
    const valid = acceptedByReader - Number(counts.invalid);

    const rejectsSelect = `SELECT * FROM (
        SELECT il_ord + 2 + (SELECT count(*) FROM il_gaps WHERE gap <= il_ord) AS line, il_reason AS reason,
               ${originalColumns(header)}, NULL AS raw_record
          FROM (SELECT il_ord, il_reason FROM il_typed WHERE il_reason IS NOT NULL) bad
          JOIN il_raw ON il_raw.rowid = bad.il_ord
        UNION ALL BY NAME
        SELECT line, reason, raw_record FROM il_reader_rejects)
      ORDER BY line`;
    let rejectsFile: string | undefined;
    let rejectSamples: RowRejection[] = [];
    if (rejected > 0) {
      await mkdir(this.scratchDirectory, { recursive: true });
      rejectsFile = join(this.scratchDirectory, `rejects-${randomUUID()}.csv`);
      await c.run(
        `COPY (${rejectsSelect}) TO ${quoteLiteral(rejectsFile)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"')`,
      );
      rejectSamples = (await c.runAndReadAll(`SELECT line, reason FROM (${rejectsSelect}) LIMIT ${REJECT_SAMPLES}`))
        .getRowObjectsJS()
        .map((r) => ({ line: Number(r.line), reason: String(r.reason) }));
    }

    return {
      rowsRead: acceptedByReader + Number(counts.malformed),
      landed,
      duplicates: valid - landed,
      rejected,
      rejectsFile,
      rejectSamples,
    };
  }
}

/** il_typed: one row per record the reader accepted, with lake values, its record number and a rejection reason. */
function typedSelect(layout: FileLayout, headerWidth: number, loadedAt: Date): string {
  const byName = new Map(layout.bindings.map((b) => [b.column, b.sourceIndex]));
  const inner: string[] = ['rowid AS il_ord'];
  const outer: string[] = ['il_ord'];
  const problems: string[] = [];
  for (let i = 0; i < headerWidth; i++) inner.push(sourceColumn(i));

  for (const column of layout.table.columns) {
    const name = quoteIdent(column.name);
    if (column.system) {
      outer.push(`TIMESTAMP ${quoteLiteral(loadedAt.toISOString().replace('T', ' ').replace('Z', ''))} AS ${name}`);
      continue;
    }
    const index = byName.get(column.derivedFrom ?? column.name) ?? -1;
    if (index < 0) {
      outer.push(`CAST(NULL AS ${column.sqlType}) AS ${name}`);
      continue;
    }
    const source = sourceColumn(index);
    const parsedName = quoteIdent(`il_p_${column.name}`);
    const parse = parsedExpression(column, source);
    if (parse) inner.push(`${parse} AS ${parsedName}`);
    const isKey = layout.table.key.includes(column.name);
    outer.push(`${valueExpression(column, source, parsedName, isKey)} AS ${name}`);
    // A derived column (followers_count) never rejects its row: the scraped string is kept as is.
    const problem = parse && !column.derivedFrom ? problemExpression(column, source, parsedName) : undefined;
    if (problem) problems.push(problem);
    if (column.requiredInRow) problems.push(`CASE WHEN ${name} IS NULL THEN 'missing ${column.name}' END`);
  }
  for (const column of layout.table.columns.filter((c) => c.requiredInRow && byName.get(c.name)! < 0)) {
    problems.push(`'missing ${column.name}'`);
  }
  outer.push(`NULLIF(concat_ws('; ', ${problems.join(', ')}), '') AS il_reason`);
  return `SELECT ${outer.join(',\n  ')} FROM (SELECT ${inner.join(', ')} FROM il_raw)`;
}

/** The rejected rows' original cells under the file's own header names (made unique), so a fixed file can be replayed. */
function originalColumns(header: readonly string[]): string {
  const used = new Set<string>(['line', 'reason', 'raw_record']);
  return header
    .map((original, i) => {
      let name = original.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`;
      while (used.has(name.toLowerCase())) name = `${name}_${i + 1}`;
      used.add(name.toLowerCase());
      return `${sourceColumn(i)} AS ${quoteIdent(name)}`;
    })
    .join(', ');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
