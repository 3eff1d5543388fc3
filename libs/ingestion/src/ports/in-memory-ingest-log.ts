import type { IngestLog, IngestLogEntry } from './ingest-log';

export class InMemoryIngestLog implements IngestLog {
  readonly entries: IngestLogEntry[] = [];

  private latest(bucket: string, key: string, etag: string, statuses: readonly string[]) {
    return [...this.entries]
      .reverse()
      .find((e) => e.bucket === bucket && e.key === key && e.etag === etag && statuses.includes(e.status));
  }

  async findCompleted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined> {
    return this.latest(bucket, key, etag, ['ingested', 'rejected']);
  }
  async findInterrupted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined> {
    return (await this.findCompleted(bucket, key, etag)) ? undefined : this.latest(bucket, key, etag, ['loading']);
  }
  async append(entry: IngestLogEntry): Promise<void> {
    this.entries.push(entry);
  }
  async recent(limit: number): Promise<IngestLogEntry[]> {
    return this.entries.slice(-limit).reverse();
  }
}
