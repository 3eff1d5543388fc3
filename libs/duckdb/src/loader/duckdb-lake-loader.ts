import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FileLayout, PostMetricsTable, SourceField } from '@instalake/lake-schema';
import {
  FileRejectedError,
  LakeLoader,
  LoadHooks,
  LoadOutcome,
  LoadRequest,
  RowRejection,
  SourceFormat,
  StagedLoad,
} from '@instalake/ingestion';
import { withCommitRetry } from '../catalogs/iceberg-commit-retry';
import { qualifiedTable } from '../catalogs/table-ddl';
import { appendIngestLogEntry, toSqlTimestamp } from '../duckdb-ingest-log';
import type { DuckDbLakeEngine } from '../lake-engine';
import { coercionMacros, readerNullStrings } from '../sql/coercion';
import { neutraliseCellSql, restoreCellSql } from '../sql/formula-cells';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import {
  CsvScan,
  ExcludedRecord,
  needsNormalising,
  recordSpans,
  scanCsvFile,
  writeNormalisedCsv,
} from './csv-file-pass';
import { countJsonRecords, fieldsFromStructure, JsonField, jsonPathOf } from './json-source';
import { readerRejectsSql } from './reader-rejects';
import { RawRecordRef, spliceRawRecords } from './rejects-raw-bytes';
import { SerialQueue } from './serial-queue';
import { cityLookupTables, sourceColumn, typedSelect } from './typed-select';

const REJECT_SAMPLES = 5;
/** Records above this never reach DuckDB's reader (it loses records of 128 MB and more without a trace). */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** More records than this that cannot be read (not UTF-8) mean the whole file is in another encoding. */
const MAX_EXCLUDED = 10_000;

/**
 * How rows and their ingest log entry commit. `transaction`: one transaction (the local DuckDB catalog).
 * `sequential`: table by table (Iceberg catalogs commit each table on its own): a `loading` entry first, then the
 * rows, then the final entry, so a re-run after a crash anywhere finds the loading entry and counts the rows that
 * carry its load time.
 */
export type CommitMode = 'transaction' | 'sequential';

/** Points a load passes, in order (sequential mode adds `loading-logged` first): fault-injection tests stop at them. */
export type LoadStep = 'staged' | 'loading-logged' | 'merged' | 'observed' | 'logged' | 'committed';

export interface DuckDbLakeLoaderOptions {
  readonly commitMode?: CommitMode;
  readonly maxRecordBytes?: number;
  /** Called at each step; tests use it to kill the process at a given point. */
  readonly onStep?: (step: LoadStep) => void | Promise<void>;
}

interface ReadSource {
  /** Physical records counted from the file (header excluded). */
  readonly excluded: readonly ExcludedRecord[];
  readonly warnings: string[];
  readonly hasReaderRejects: boolean;
  /** Record numbers: CSV has a header (record 1); JSON records start at 1. */
  readonly firstDataRecord: number;
}

/**
 * The bulk write path: count the file's records independently (quote-aware CSV scan, JSON structure count), read it
 * with DuckDB (CSV with an explicit dialect after normalising line endings when needed, JSON with read_json_objects),
 * reconcile the two counts, coerce and validate in SQL, de-duplicate on the business key (NULL-safe), then MERGE the
 * new rows, append re-scraped counts to post_metrics and write the ingest log entry, committed together.
 * Loads run one at a time per engine: one writer per table.
 */
export class DuckDbLakeLoader implements LakeLoader {
  private readonly queue = new SerialQueue();
  private readonly options: Required<Omit<DuckDbLakeLoaderOptions, 'onStep'>> & DuckDbLakeLoaderOptions;

  constructor(
    private readonly engine: DuckDbLakeEngine,
    private readonly scratchDirectory: string,
    options: DuckDbLakeLoaderOptions = {},
  ) {
    this.options = {
      maxRecordBytes: MAX_RECORD_BYTES,
      commitMode: engine.catalog.kind === 'local' ? 'transaction' : 'sequential',
      ...options,
    };
  }

  async inspect(path: string, format: SourceFormat): Promise<readonly SourceField[]> {
    if (format === 'csv') throw new Error('inspect reads JSON files; a CSV header is read by the use case');
    return this.engine.withConnection(async (c) => {
      try {
        // Every record's structure, not a sample: a field only later records have is still a field. Distinct
        // structures are few; merging them all at once (json_group_structure over the records) ran out of memory.
        const reader = await c.runAndReadAll(
          `SELECT CAST(json_group_structure(s::JSON) AS VARCHAR) FROM (SELECT DISTINCT CAST(json_structure(json) AS VARCHAR) AS s FROM ${readJsonObjects(path, this.options.maxRecordBytes)})`,
        );
        const structure = reader.getRows()[0]?.[0];
        return structure === null || structure === undefined ? [] : fieldsFromStructure(JSON.parse(String(structure)));
      } catch (error) {
        throw jsonUnreadable(error);
      }
    });
  }

  load(request: LoadRequest, hooks: LoadHooks): Promise<LoadOutcome> {
    return this.queue.run(() => this.engine.withConnection((c) => this.run(c, request, hooks)));
  }

  private async step(step: LoadStep): Promise<void> {
    await this.options.onStep?.(step);
  }

  private async run(c: DuckDBConnection, request: LoadRequest, hooks: LoadHooks): Promise<LoadOutcome> {
    const scratch: string[] = [];
    try {
      const nullTokensRead = request.format === 'csv' && !request.neutralisedCells;
      for (const macro of coercionMacros({ dateOrder: request.layout.dateOrder, nullTokensRead })) await c.run(macro);
      const source =
        request.format === 'json' ? await this.readJson(c, request) : await this.readCsv(c, request, scratch);
      await c.run(`CREATE OR REPLACE TEMP TABLE il_excluded (record BIGINT, p BIGINT)`);
      await insertExcluded(c, source.excluded);
      await c.run(
        `CREATE OR REPLACE TEMP TABLE il_reader_rejects AS ${readerRejectRows(request, source, this.options.maxRecordBytes)}`,
      );
      // Record numbers: DuckDB numbers records with the header as 1; accepted rows only have their order, so a
      // rejected row's number adds the reader-rejected records before it (computed for rejected rows only).
      await c.run(`CREATE OR REPLACE TEMP TABLE il_gaps AS
        SELECT line - 1 - row_number() OVER (ORDER BY line) AS gap FROM (SELECT DISTINCT line FROM il_reject_lines)`);
      for (const statement of cityLookupTables(request.layout)) await c.run(statement);
      const table = request.layout.table;
      const key = table.key.map(quoteIdent).join(', ');
      // il_values computes every lake value from il_raw, as a view: the write reads it once. il_typed keeps what the
      // bookkeeping reads (keys, counts for post_metrics, the reason): materialising every value copied each caption
      // once more than the write needs.
      await c.run(`CREATE OR REPLACE TEMP VIEW il_values AS ${typedSelect(request.layout, request.loadedAt)}`);
      const counts = table.name === 'posts' ? ', likes, comments' : '';
      await c.run(
        `CREATE OR REPLACE TEMP TABLE il_typed AS SELECT il_ord, ${key}${counts}, il_code, il_reason FROM il_values`,
      );
      // Keys given by more than one valid row (few): their first row lands, the others are repeats; the last one
      // holds a backup's newest counts. Grouping by the keys' hash first (integers) and by the keys themselves only
      // for hashes seen twice cost half of grouping every key by its strings; a collision only adds a candidate.
      await c.run(`CREATE OR REPLACE TEMP TABLE il_dups AS
        SELECT ${key}, min(il_ord) AS il_first, max(il_ord) AS il_last, count(*) AS il_rows
        FROM il_typed WHERE il_reason IS NULL AND hash(${key}) IN (
          SELECT h FROM (SELECT hash(${key}) AS h FROM il_typed WHERE il_reason IS NULL) GROUP BY h HAVING count(*) > 1)
        GROUP BY ${key} HAVING count(*) > 1`);
      const sameKey = table.key.map((k) => `t.${quoteIdent(k)} IS NOT DISTINCT FROM k.${quoteIdent(k)}`).join(' AND ');
      await c.run(`CREATE OR REPLACE TEMP TABLE il_repeats AS SELECT t.il_ord, t.il_ord = k.il_last AS il_is_last
        FROM il_typed t JOIN il_dups k ON ${sameKey} WHERE t.il_reason IS NULL AND t.il_ord <> k.il_first`);
      // The rows that land: all but the invalid ones and the repeats of a key (few: a small join build side; the
      // write then needs none of the checks, which it would otherwise compute again).
      await c.run(`CREATE OR REPLACE TEMP TABLE il_skip AS
        SELECT il_ord FROM il_repeats UNION ALL SELECT il_ord FROM il_typed WHERE il_reason IS NOT NULL`);
      const target = table.columns.map((col) => quoteIdent(col.name));
      await c.run(`CREATE OR REPLACE TEMP VIEW il_source AS SELECT ${target.join(', ')} FROM il_values t
        ANTI JOIN il_skip x ON x.il_ord = t.il_ord`);
      const staged = await this.stage(c, request, source, scratch);
      await this.step('staged');
      await hooks.beforeCommit?.(staged);
      return await this.commit(c, request, hooks, staged);
    } finally {
      for (const file of scratch) await rm(file, { force: true });
    }
  }

  private async readCsv(c: DuckDBConnection, request: LoadRequest, scratch: string[]): Promise<ReadSource> {
    const width = request.layout.fields.length;
    const scanOptions = { maxRecordBytes: this.options.maxRecordBytes, maxExcluded: MAX_EXCLUDED };
    // The scan runs in JavaScript while DuckDB reads the file on its own threads; a file that needs normalising
    // is read again from the normalised copy, so its first read is interrupted as soon as the scan says so.
    const [scan, firstRead] = await Promise.all([
      scanCsvFile(request.path, scanOptions).then((found) => {
        if (needsNormalising(found)) c.interrupt();
        return found;
      }),
      readCsvInto(c, request.path, width, request.neutralisedCells, this.options.maxRecordBytes).then(
        () => undefined,
        (error: unknown) => error,
      ),
    ]);
    checkExcluded(scan);
    const warnings: string[] = [];
    let readError = firstRead;
    if (needsNormalising(scan)) {
      const normalised = await this.scratchFile('normalised', 'csv');
      scratch.push(normalised);
      await writeNormalisedCsv(request.path, normalised, scan);
      readError = await readCsvInto(c, normalised, width, request.neutralisedCells, this.options.maxRecordBytes).then(
        () => undefined,
        (error: unknown) => error,
      );
      warnings.push(describeNormalising(scan));
    }
    if (readError) {
      throw new FileRejectedError('CSV_UNREADABLE', `The file could not be read as CSV: ${firstLine(readError)}`, {
        cause: readError,
      });
    }
    await c.run(`CREATE OR REPLACE TEMP TABLE il_reject_lines AS SELECT DISTINCT line FROM il_reject_errors`);
    const [[accepted, malformed]] = (
      await c.runAndReadAll(`SELECT (SELECT count(*) FROM il_raw), (SELECT count(*) FROM il_reject_lines)`)
    ).getRows() as [bigint, bigint][];
    const counted = Math.max(0, scan.records - 1);
    const readByDuckDb = Number(accepted) + Number(malformed) + scan.excluded.length;
    if (readByDuckDb !== counted) {
      throw new FileRejectedError(
        'RECONCILIATION_FAILED',
        `The file has ${counted} records (counted quote-aware, the header excluded) but the CSV reader returned ` +
          `${readByDuckDb} (${accepted} read, ${malformed} rejected by the reader, ${scan.excluded.length} set aside): ` +
          'nothing was landed. Check the file for unbalanced quotes or stray line breaks and upload it again.',
      );
    }
    return { excluded: scan.excluded, warnings, hasReaderRejects: true, firstDataRecord: 2 };
  }

  private async readJson(c: DuckDBConnection, request: LoadRequest): Promise<ReadSource> {
    const fields = request.layout.fields as readonly JsonField[];
    const bound = new Set(request.layout.bindings.flatMap((b) => boundIndexes(b.source)));
    const used = fields.filter((f) => bound.has(f.index));
    // One json_extract_string over a list of paths parses each record once (one ->> per field parsed it per field).
    const paths = used.map((f) => quoteLiteral(jsonPathOf(f.keys ?? f.name.split('.')))).join(', ');
    const columns = used.map((f, i) => `il_values[${i + 1}] AS ${sourceColumn(f.index)}`);
    const [counted, readError] = await Promise.all([
      countJsonRecords(request.path),
      c
        .run(
          `CREATE OR REPLACE TEMP TABLE il_raw AS SELECT ${columns.length ? columns.join(', ') : 'NULL AS c_none'}
           FROM (SELECT json_extract_string(json, [${paths || "'$'"}]) AS il_values FROM ${readJsonObjects(request.path, this.options.maxRecordBytes)})`,
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        ),
    ]);
    if (readError) throw jsonUnreadable(readError);
    await c.run(`CREATE OR REPLACE TEMP TABLE il_reject_lines (line BIGINT)`);
    const read = Number((await c.runAndReadAll(`SELECT count(*) FROM il_raw`)).getRows()[0][0]);
    if (read !== counted) {
      throw new FileRejectedError(
        'RECONCILIATION_FAILED',
        `The file has ${counted} JSON records (objects counted in its structure) but the JSON reader returned ${read}: ` +
          'nothing was landed. Check that it is one array of objects or one object per line.',
      );
    }
    return { excluded: [], warnings: [], hasReaderRejects: false, firstDataRecord: 1 };
  }

  private async stage(
    c: DuckDBConnection,
    request: LoadRequest,
    source: ReadSource,
    scratch: string[],
  ): Promise<StagedLoad> {
    const [counts] = (
      await c.runAndReadAll(`SELECT
        (SELECT count(*) FROM il_typed) AS accepted,
        (SELECT count(*) FROM il_typed WHERE il_reason IS NOT NULL) AS invalid,
        (SELECT count(*) FROM il_reader_rejects) AS malformed`)
    ).getRowObjectsJS() as Record<string, bigint>[];
    const accepted = Number(counts.accepted);
    const invalid = Number(counts.invalid);
    const malformed = Number(counts.malformed);
    const rejected = invalid + malformed;
    const byReason = Object.fromEntries(
      (
        await c.runAndReadAll(`SELECT code, count(*) AS n FROM (
          SELECT il_code AS code FROM il_typed WHERE il_reason IS NOT NULL
          UNION ALL SELECT code FROM il_reader_rejects) GROUP BY code ORDER BY n DESC, code`)
      )
        .getRows()
        .map(([code, n]) => [String(code), Number(n)]),
    );

    let rejectsFile: string | undefined;
    let rejectSamples: RowRejection[] = [];
    if (rejected > 0) {
      const select = rejectsSelect(request);
      rejectsFile = await this.scratchFile('rejects', 'csv');
      scratch.push(rejectsFile);
      const raw = await this.rawRecords(c, request, source);
      const copyTarget = raw.length ? await this.scratchFile('rejects-tokens', 'csv') : rejectsFile;
      if (raw.length) scratch.push(copyTarget);
      // Once: the file and the samples read the same rows.
      await c.run(`CREATE OR REPLACE TEMP TABLE il_rejects AS ${select}`);
      await c.run(
        `COPY (SELECT * FROM il_rejects ORDER BY line) TO ${quoteLiteral(copyTarget)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"')`,
      );
      if (raw.length) await spliceRawRecords(copyTarget, rejectsFile, request.path, raw);
      rejectSamples = (
        await c.runAndReadAll(`SELECT line, reason FROM il_rejects ORDER BY line LIMIT ${REJECT_SAMPLES}`)
      )
        .getRowObjectsJS()
        .map((r) => ({ line: Number(r.line), reason: String(r.reason) }));
    }
    return {
      rowsRead: accepted + malformed,
      valid: accepted - invalid,
      rejected,
      rejectedByReason: byReason,
      rejectsFile,
      rejectSamples,
      warnings: source.warnings,
    };
  }

  /**
   * The records whose raw_record is a token to replace with the file's bytes: those not UTF-8 (set aside before the
   * reader) and those the reader rejected (their spans come from one more pass over the file).
   */
  private async rawRecords(c: DuckDBConnection, request: LoadRequest, source: ReadSource): Promise<RawRecordRef[]> {
    const excluded = source.excluded
      .filter((e) => e.reason === 'invalid-utf8')
      .map((e) => ({ token: rawToken(e.record), start: e.start, end: e.end }));
    const lines = (await c.runAndReadAll(`SELECT line FROM il_reader_rejects WHERE from_reader ORDER BY line`))
      .getRows()
      .map(([line]) => Number(line));
    const read = (await recordSpans(request.path, lines)).map((r) => ({
      token: rawToken(r.record),
      start: r.start,
      end: r.end,
    }));
    return [...excluded, ...read];
  }

  private async commit(
    c: DuckDBConnection,
    request: LoadRequest,
    hooks: LoadHooks,
    staged: StagedLoad,
  ): Promise<LoadOutcome> {
    const outcomeOf = (landed: number, observations: number): LoadOutcome => ({
      ...staged,
      landed,
      duplicates: staged.valid - landed,
      observations,
    });
    // Keys the table already has, but for a resumed delivery's own rows (they carry its load time): the rest land.
    const known = async () => {
      const table = request.layout.table;
      const target = qualifiedTable(table.name);
      const ownRows = request.resumed
        ? `AND t.ingested_at IS DISTINCT FROM TIMESTAMP ${quoteLiteral(toSqlTimestamp(request.loadedAt))}`
        : '';
      const empty =
        Number((await c.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${target} LIMIT 1)`)).getRows()[0][0]) === 0;
      await c.run(`CREATE OR REPLACE TEMP TABLE il_known AS SELECT DISTINCT ${table.key.map((k) => `s.${quoteIdent(k)}`).join(', ')}
        FROM il_typed s ${
          empty
            ? 'WHERE false'
            : `SEMI JOIN ${target} t ON ${keyMatch(table.key)}
          ${ownRows} WHERE s.il_reason IS NULL`
        }`);
      const [[repeats, knownKeys]] = (
        await c.runAndReadAll(`SELECT (SELECT count(*) FROM il_repeats), (SELECT count(*) FROM il_known)`)
      ).getRows() as [bigint, bigint][];
      return { landed: staged.valid - Number(repeats) - Number(knownKeys), anyKnown: Number(knownKeys) > 0 };
    };

    if (this.options.commitMode === 'transaction') {
      // Rows, observations and the log entry commit together: a crash leaves all or nothing.
      return withCommitRetry(async () => {
        await c.run('BEGIN TRANSACTION');
        try {
          const { landed, anyKnown } = await known();
          await this.insertNew(c, request, anyKnown);
          await this.step('merged');
          const observations = await this.observe(c, request, anyKnown);
          await this.step('observed');
          const outcome = outcomeOf(landed, observations);
          await appendIngestLogEntry(c, hooks.logEntry(outcome));
          await this.step('logged');
          await c.run('COMMIT');
          await this.step('committed');
          return outcome;
        } catch (error) {
          await c.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    }
    if (!request.resumed) {
      const loading = { ...hooks.logEntry(outcomeOf(0, 0)), status: 'loading' as const };
      await withCommitRetry(() => appendIngestLogEntry(c, loading));
      await this.step('loading-logged');
    }
    const { landed: unknownKeys, anyKnown } = await known();
    const merged = await withCommitRetry(() => this.merge(c, request));
    // What this MERGE inserted is exact even when another writer landed some of the keys meanwhile; a resumed
    // delivery's rows may have landed before it stopped, and count by key.
    const landed = request.resumed ? unknownKeys : merged;
    await this.step('merged');
    await withCommitRetry(() => this.observe(c, request, anyKnown));
    await this.step('observed');
    const observations = await this.observationsOf(c, request);
    const outcome = outcomeOf(landed, observations);
    await withCommitRetry(() => appendIngestLogEntry(c, hooks.logEntry(outcome)));
    await this.step('logged');
    await this.step('committed');
    return outcome;
  }

  /**
   * Inside the transaction with the only writer (the local file is locked to this process, loads run one at a time),
   * inserting the rows whose key the table lacks is what the MERGE does, at a third of its cost (measured on 1M rows).
   */
  private async insertNew(c: DuckDBConnection, request: LoadRequest, anyKnown: boolean): Promise<void> {
    const table = request.layout.table;
    const columns = table.columns.map((col) => quoteIdent(col.name)).join(', ');
    const key = table.key.map(quoteIdent);
    const known = anyKnown
      ? ` ANTI JOIN il_known t ON ${key.map((k) => `t.${k} IS NOT DISTINCT FROM s.${k}`).join(' AND ')}`
      : '';
    await unordered(c, () =>
      c.run(`INSERT INTO ${qualifiedTable(table.name)} (${columns}) SELECT * FROM il_source s${known}`),
    );
  }

  /** MERGE of the file's new keys (insert-only: rows re-scraped with new numbers do not overwrite landed ones): rows inserted. */
  private async merge(c: DuckDBConnection, request: LoadRequest): Promise<number> {
    const table = request.layout.table;
    const target = table.columns.map((col) => quoteIdent(col.name));
    const reader = await unordered(c, () =>
      c.runAndReadAll(`MERGE INTO ${qualifiedTable(table.name)} AS t USING il_source AS s
      ON ${keyMatch(table.key)}
      WHEN NOT MATCHED THEN INSERT (${target.join(', ')}) VALUES (${target.map((t) => `s.${t}`).join(', ')})`),
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /**
   * post_metrics: for each post of the file, its last row (backups append re-scrapes below the first scrape) when its
   * likes or comments differ from the latest observation before it. For a post new in this file that is its first
   * row; for a known post, its posts row and later post_metrics rows (at one load time, post_metrics is the later).
   * A NULL (hidden, not scraped) is no observation. Idempotent for a resumed delivery: one row per post and load time.
   */
  private async observe(c: DuckDBConnection, request: LoadRequest, anyKnown: boolean): Promise<number> {
    if (request.layout.table.name !== 'posts') return 0;
    const posts = qualifiedTable('posts');
    const metrics = qualifiedTable(PostMetricsTable.name);
    const at = `TIMESTAMP ${quoteLiteral(toSqlTimestamp(request.loadedAt))}`;
    // Before this delivery: a resumed one must not read its own rows as the baseline.
    const before = request.resumed ? '<' : '<=';
    const match = `x.post_id = s.post_id AND x.creator = s.creator`;
    // The last valid row of each post seen twice (a known post seen once is its own last row).
    const last = `SELECT t.post_id, t.creator, t.likes, t.comments FROM il_typed t JOIN il_repeats r USING (il_ord) WHERE r.il_is_last`;
    // New posts seen twice: the first row (what landed) is the baseline; no table is read.
    const candidates = [
      `SELECT l.*, f.likes AS base_likes, f.comments AS base_comments FROM (${last}) l
       JOIN il_dups k ON k.post_id = l.post_id AND k.creator = l.creator JOIN il_typed f ON f.il_ord = k.il_first
       WHERE NOT EXISTS (SELECT 1 FROM il_known x WHERE x.post_id = l.post_id AND x.creator = l.creator)`,
    ];
    if (anyKnown)
      candidates.push(`SELECT l.*, b.likes, b.comments FROM (
          ${last}
          UNION ALL
          SELECT t.post_id, t.creator, t.likes, t.comments FROM il_typed t SEMI JOIN il_known s ON ${match.replace(/x\./g, 't.')}
          WHERE t.il_reason IS NULL AND NOT EXISTS (SELECT 1 FROM il_dups k WHERE k.post_id = t.post_id AND k.creator = t.creator)
        ) l SEMI JOIN il_known s ON ${match.replace(/x\./g, 'l.')}
        JOIN (
          SELECT post_id, creator,
            arg_max(likes, {'t': seen_at, 'r': rank}) FILTER (WHERE likes IS NOT NULL) AS likes,
            arg_max(comments, {'t': seen_at, 'r': rank}) FILTER (WHERE comments IS NOT NULL) AS comments
          FROM (
            SELECT x.post_id, x.creator, x.ingested_at AS seen_at, 0 AS rank, x.likes, x.comments FROM ${posts} x
              SEMI JOIN il_known s ON ${match} WHERE x.ingested_at ${before} ${at}
            UNION ALL
            SELECT x.post_id, x.creator, x.observed_at, 1, x.likes, x.comments FROM ${metrics} x
              SEMI JOIN il_known s ON ${match} WHERE x.observed_at ${before} ${at}
          ) GROUP BY post_id, creator
        ) b ON b.post_id = l.post_id AND b.creator = l.creator`);
    const inserted = await c.runAndReadAll(
      `INSERT INTO ${metrics} (post_id, creator, observed_at, likes, comments, source_file)
      SELECT s.post_id, s.creator, ${at}, s.likes, s.comments, $1
      FROM (${candidates.join(' UNION ALL ')}) s
      WHERE ((s.likes IS NOT NULL AND s.likes IS DISTINCT FROM s.base_likes)
          OR (s.comments IS NOT NULL AND s.comments IS DISTINCT FROM s.base_comments))
        AND NOT EXISTS (SELECT 1 FROM ${metrics} x WHERE ${match} AND x.observed_at = ${at})`,
      [request.sourceKey],
    );
    return Number(inserted.getRows()[0]?.[0] ?? 0);
  }

  /** Observations this delivery holds (a resumed one counts those its stopped attempt wrote, too). */
  private async observationsOf(c: DuckDBConnection, request: LoadRequest): Promise<number> {
    if (request.layout.table.name !== 'posts') return 0;
    const reader = await c.runAndReadAll(
      `SELECT count(*) FROM ${qualifiedTable(PostMetricsTable.name)} WHERE observed_at = TIMESTAMP ${quoteLiteral(toSqlTimestamp(request.loadedAt))} AND source_file = $1`,
      [request.sourceKey],
    );
    return Number(reader.getRows()[0][0]);
  }

  private async scratchFile(kind: string, extension: string): Promise<string> {
    await mkdir(this.scratchDirectory, { recursive: true });
    return join(this.scratchDirectory, `${kind}-${randomUUID()}.${extension}`);
  }
}

/**
 * raw_record of a record that is not UTF-8 or that the reader rejected: a token in DuckDB's output (by the record's
 * number in the file), replaced by the record's bytes.
 */
const rawToken = (record: number) => `ILRAW${RAW_NONCE}N${record}Z`;
const RAW_NONCE = randomUUID().replace(/-/g, '');

/**
 * Runs the write without keeping the rows' order (a lake table has none; readers sort): a fifth to a third faster.
 * Everything before it (il_raw's row ids are record order) runs with the order kept.
 */
async function unordered<T>(c: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await c.run('SET preserve_insertion_order = false');
  try {
    return await work();
  } finally {
    await c.run('RESET preserve_insertion_order');
  }
}

function readJsonObjects(path: string, maxRecordBytes: number): string {
  return `read_json_objects(${quoteLiteral(path)}, format = 'auto', maximum_object_size = ${maxRecordBytes})`;
}

function jsonUnreadable(error: unknown): FileRejectedError {
  return new FileRejectedError(
    'JSON_UNREADABLE',
    `The file could not be read as JSON (an array of objects, or one object per line): ${firstLine(error)}`,
    { cause: error },
  );
}

async function readCsvInto(
  c: DuckDBConnection,
  path: string,
  width: number,
  neutralised: boolean | undefined,
  maxRecordBytes: number,
): Promise<void> {
  await c.run(`DROP TABLE IF EXISTS il_reject_errors`);
  await c.run(`DROP TABLE IF EXISTS il_reject_scans`);
  const columns = Array.from({ length: width }, (_, i) => `${quoteLiteral(`c${i}`)}: 'VARCHAR'`).join(', ');
  const select = neutralised
    ? Array.from({ length: width }, (_, i) => `${restoreCellSql(sourceColumn(i))} AS ${sourceColumn(i)}`).join(', ')
    : '*';
  await c.run(`CREATE OR REPLACE TEMP TABLE il_raw AS SELECT ${select} FROM read_csv(${quoteLiteral(path)},
    auto_detect = false, header = true, delim = ',', quote = '"', escape = '"',
    columns = {${columns}}, strict_mode = true, null_padding = false,
    nullstr = [${(neutralised ? [''] : readerNullStrings()).map(quoteLiteral).join(', ')}], allow_quoted_nulls = true,
    store_rejects = true, rejects_table = 'il_reject_errors', rejects_scan = 'il_reject_scans',
    max_line_size = ${Math.max(maxRecordBytes, MAX_RECORD_BYTES) + 1024 * 1024})`);
}

function checkExcluded(scan: CsvScan): void {
  if (!scan.excludedOverflow) return;
  const first = scan.excluded[0];
  throw new FileRejectedError(
    'NOT_UTF8',
    `More than ${MAX_EXCLUDED} records cannot be read (first: record ${first.record}, ${first.reason === 'too-large' ? 'too large' : 'not UTF-8'}): ` +
      'the file is probably in another encoding (Windows-1252, Latin-1): save it as UTF-8 and upload it again.',
  );
}

function describeNormalising(scan: CsvScan): string {
  const s = scan.separators;
  const kinds = [s.crlf && `${s.crlf} CRLF`, s.lf && `${s.lf} LF`, s.cr && `${s.cr} CR`].filter(Boolean).join(', ');
  const parts = [`line endings read as they are (${kinds}), quoted line breaks kept byte-exact`];
  if (scan.blankLines) parts.push(`${scan.blankLines} blank line(s) skipped`);
  if (scan.excluded.length) parts.push(`${scan.excluded.length} record(s) set aside before reading`);
  return parts.join('; ');
}

/** Bulk-appends the set-aside records with their position among the records the reader saw (p). */
async function insertExcluded(c: DuckDBConnection, excluded: readonly ExcludedRecord[]): Promise<void> {
  if (excluded.length === 0) return;
  const appender = await c.createAppender('il_excluded', 'main', 'temp');
  try {
    excluded.forEach((e, i) => {
      appender.appendBigInt(BigInt(e.record));
      appender.appendBigInt(BigInt(e.record - (i + 1)));
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** A DuckDB record number (of the file it read) as the original file's record number. */
function fileLine(line: string): string {
  return `(${line} + (SELECT count(*) FROM il_excluded WHERE p < ${line}))`;
}

function readerRejectRows(request: LoadRequest, source: ReadSource, maxRecordBytes: number): string {
  const empty = `SELECT CAST(NULL AS BIGINT) AS line, CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS reason, CAST(NULL AS VARCHAR) AS raw_record, false AS from_reader WHERE false`;
  if (!source.hasReaderRejects) return empty;
  const width = request.layout.fields.length;
  const excluded = source.excluded.map((e) =>
    e.reason === 'too-large'
      ? `(${e.record}, 'record:too_large', ${quoteLiteral(
          `record of ${(e.end - e.start).toLocaleString('en-US')} bytes is longer than the ${sizeLabel(maxRecordBytes)} ingestion reads: not loaded, and not copied here; it stays in the uploaded file`,
        )}, NULL, false)`
      : `(${e.record}, 'record:invalid_utf8', ${quoteLiteral(
          `not valid UTF-8 text (byte ${(e.invalidAt ?? 0) + 1} of the record): save the file as UTF-8`,
        )}, ${quoteLiteral(rawToken(e.record))}, false)`,
  );
  const token = (line: string) => `${quoteLiteral(rawToken(0).replace(/0Z$/, ''))} || ${line} || 'Z'`;
  return `SELECT line, code, reason, ${token('line')} AS raw_record, true AS from_reader FROM (
      SELECT ${fileLine('r.line')} AS line, r.code, r.reason FROM (${readerRejectsSql('il_reject_errors', width)}) r)
    ${excluded.length ? `UNION ALL SELECT * FROM (VALUES ${excluded.join(', ')}) AS x(line, code, reason, raw_record, from_reader)` : ''}`;
}

/** The rejects file: line, reason, the original columns (neutralised against formula injection), raw_record. */
function rejectsSelect(request: LoadRequest): string {
  const used = new Set<string>(['line', 'reason', 'raw_record']);
  const rawFields = new Set(
    request.format === 'json'
      ? request.layout.bindings.flatMap((b) => boundIndexes(b.source))
      : request.layout.fields.map((f) => f.index),
  );
  const originals = request.layout.fields
    .filter((f) => rawFields.has(f.index))
    .map((f) => {
      let name = f.name.replace(/^\uFEFF/, '').trim() || `column_${f.index + 1}`;
      while (used.has(name.toLowerCase())) name = `${name}_${f.index + 1}`;
      used.add(name.toLowerCase());
      return `${neutraliseCellSql(sourceColumn(f.index))} AS ${quoteIdent(name)}`;
    });
  const typedLine =
    request.format === 'json'
      ? 'il_ord + 1'
      : fileLine('(il_ord + 2 + (SELECT count(*) FROM il_gaps WHERE gap <= il_ord))');
  return `SELECT * FROM (
      SELECT ${typedLine} AS line, ${neutraliseCellSql('il_reason')} AS reason,
             ${originals.length ? `${originals.join(', ')},` : ''} NULL::VARCHAR AS raw_record
        FROM (SELECT il_ord, il_reason FROM il_typed WHERE il_reason IS NOT NULL) bad
        JOIN il_raw ON il_raw.rowid = bad.il_ord
      UNION ALL BY NAME
      SELECT line, ${neutraliseCellSql('reason')} AS reason, ${neutraliseCellSql('raw_record')} AS raw_record
        FROM il_reader_rejects)
    ORDER BY line`;
}

function boundIndexes(source: FileLayout['bindings'][number]['source']): number[] {
  switch (source.kind) {
    case 'field':
      return [source.field.index];
    case 'tags':
      return source.fields.map((f) => f.index);
    case 'post-id':
      return [source.shortcode, source.id, source.url].filter((f) => f !== undefined).map((f) => f!.index);
    default:
      return [];
  }
}

function keyMatch(key: readonly string[]): string {
  return key.map((k) => `t.${quoteIdent(k)} IS NOT DISTINCT FROM s.${quoteIdent(k)}`).join(' AND ');
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
