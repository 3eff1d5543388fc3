import type { DuckDBConnection } from '@duckdb/node-api';
import type { IngestLog, IngestLogEntry } from '@instalake/ingestion';
import type { TableName } from '@instalake/lake-schema';
import { withCommitRetry } from './catalogs/iceberg-commit-retry';
import { INGEST_LOG_TABLE, qualifiedTable } from './catalogs/table-ddl';
import type { DuckDbLakeEngine } from './lake-engine';

const LOG = qualifiedTable(INGEST_LOG_TABLE);

/**
 * Appends one entry on the caller's connection: the loader calls it inside the transaction that lands the rows, so
 * rows and their entry commit together.
 */
export async function appendIngestLogEntry(c: DuckDBConnection, e: IngestLogEntry): Promise<void> {
  await c.run(
    `INSERT INTO ${LOG} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::TIMESTAMP, $14::TIMESTAMP)`,
    [
      e.bucket,
      e.key,
      e.etag,
      e.table ?? null,
      e.status,
      e.rowsRead,
      e.landed,
      e.duplicates,
      e.rejected,
      e.deadLetterKey ?? null,
      e.errorCode ?? null,
      e.message ?? null,
      toSqlTimestamp(e.startedAt),
      toSqlTimestamp(e.finishedAt),
    ],
  );
}

/** The ingest log as a lake table (`instagram_db.ingest_log`), next to the data it describes. */
export class DuckDbIngestLog implements IngestLog {
  constructor(private readonly engine: DuckDbLakeEngine) {}

  private async latest(
    bucket: string,
    key: string,
    etag: string,
    statuses: string,
  ): Promise<IngestLogEntry | undefined> {
    return this.engine.withConnection(async (c) => {
      const rows = (
        await c.runAndReadAll(
          `SELECT * FROM ${LOG} WHERE bucket = $1 AND key = $2 AND etag = $3 AND status IN (${statuses})
           ORDER BY finished_at DESC LIMIT 1`,
          [bucket, key, etag],
        )
      ).getRowObjectsJS();
      return rows[0] ? toEntry(rows[0]) : undefined;
    });
  }

  findCompleted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined> {
    return this.latest(bucket, key, etag, `'ingested', 'rejected'`);
  }

  async findInterrupted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined> {
    if (await this.findCompleted(bucket, key, etag)) return undefined;
    return this.latest(bucket, key, etag, `'loading'`);
  }

  /** Iceberg commits of concurrent writers (two ingests at once) conflict; the losing append is retried whole. */
  async append(e: IngestLogEntry): Promise<void> {
    await this.engine.withConnection((c) => withCommitRetry(() => appendIngestLogEntry(c, e)));
  }

  async recent(limit: number): Promise<IngestLogEntry[]> {
    return this.engine.withConnection(async (c) =>
      (await c.runAndReadAll(`SELECT * FROM ${LOG} ORDER BY finished_at DESC LIMIT $1`, [limit]))
        .getRowObjectsJS()
        .map(toEntry),
    );
  }
}

export function toSqlTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

function toEntry(r: Record<string, unknown>): IngestLogEntry {
  const opt = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  return {
    bucket: String(r.bucket),
    key: String(r.key),
    etag: String(r.etag),
    table: opt(r.table_name) as TableName | undefined,
    status: String(r.status) as IngestLogEntry['status'],
    rowsRead: Number(r.rows_read),
    landed: Number(r.landed),
    duplicates: Number(r.duplicates),
    rejected: Number(r.rejected),
    deadLetterKey: opt(r.dead_letter_key),
    errorCode: opt(r.error_code),
    message: opt(r.message),
    startedAt: r.started_at as Date,
    finishedAt: r.finished_at as Date,
  };
}
