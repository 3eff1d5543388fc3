import type { IngestLog, IngestLogEntry } from './ingest-log';

export class InMemoryIngestLog implements IngestLog {
  readonly entries: IngestLogEntry[] = [];
  async findCompleted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined> {
    return [...this.entries]
      .reverse()
      .find((e) => e.bucket === bucket && e.key === key && e.etag === etag && e.status !== 'skipped');
  }
  async append(entry: IngestLogEntry): Promise<void> {
    this.entries.push(entry);
  }
  async recent(limit: number): Promise<IngestLogEntry[]> {
    return this.entries.slice(-limit).reverse();
  }
}
