import type { IngestLog, IngestLogEntry, IngestStatus } from '@instalake/ingestion';
import type { TableName } from '@instalake/lake-schema';
import { withCommitRetry } from './catalogs/iceberg-commit-retry';
import { INGEST_LOG_TABLE, qualifiedTable } from './catalogs/table-ddl';
import type { DuckDbLakeEngine } from './lake-engine';

/** The ingest log as a lake table (`instagram_db.ingest_log`), next to the data it describes. */
export class DuckDbIngestLog implements IngestLog {
  private readonly table = qualifiedTable(INGEST_LOG_TABLE);
  constructor(private readonly engine: DuckDbLakeEngine) {}

  async findCompleted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined> {
    return this.engine.withConnection(async (c) => {
      const rows = (
        await c.runAndReadAll(
          `SELECT * FROM ${this.table} WHERE bucket = $1 AND key = $2 AND etag = $3 AND status <> 'skipped'
           ORDER BY finished_at DESC LIMIT 1`,
          [bucket, key, etag],
        )
      ).getRowObjectsJS();
      return rows[0] ? toEntry(rows[0]) : undefined;
    });
  }

  /** Iceberg commits of concurrent writers (two ingests at once) conflict; the losing append is retried whole. */
  async append(e: IngestLogEntry): Promise<void> {
    await this.engine.withConnection((c) =>
      withCommitRetry(() =>
        c.run(
          `INSERT INTO ${this.table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::TIMESTAMP, $14::TIMESTAMP)`,
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
        ),
      ),
    );
  }

  async recent(limit: number): Promise<IngestLogEntry[]> {
    return this.engine.withConnection(async (c) =>
      (await c.runAndReadAll(`SELECT * FROM ${this.table} ORDER BY finished_at DESC LIMIT $1`, [limit]))
        .getRowObjectsJS()
        .map(toEntry),
    );
  }
}

function toSqlTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

function toEntry(r: Record<string, unknown>): IngestLogEntry {
  const opt = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  return {
    bucket: String(r.bucket),
    key: String(r.key),
    etag: String(r.etag),
    table: opt(r.table_name) as TableName | undefined,
    status: String(r.status) as IngestStatus,
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
