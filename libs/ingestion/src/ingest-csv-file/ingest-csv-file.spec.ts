import type { LakeLoader, LoadOutcome, LoadRequest } from '../ports/lake-loader';
import { InMemoryIngestLog } from '../ports/in-memory-ingest-log';
import { InMemoryObjectStore } from '../ports/in-memory-object-store';
import { IngestCsvFile } from './ingest-csv-file';

/** A loader fake that records what it was asked and answers with fixed counts. */
class RecordingLoader implements LakeLoader {
  readonly requests: LoadRequest[] = [];
  constructor(
    private readonly store: InMemoryObjectStore,
    private readonly outcome: LoadOutcome,
  ) {}
  async loadCsv(request: LoadRequest): Promise<LoadOutcome> {
    this.requests.push(request);
    if (this.outcome.rejectsFile)
      await this.store.put({ bucket: 'scratch', key: 'rejects.csv' }, 'line,reason\n3,missing post_id\n');
    return this.outcome;
  }
  async discard(): Promise<void> {
    await this.store.delete({ bucket: 'scratch', key: 'rejects.csv' });
  }
}

const clock = { now: () => new Date('2026-11-27T10:00:00Z') };
const ok: LoadOutcome = {
  rowsRead: 10,
  landed: 7,
  duplicates: 2,
  rejected: 1,
  rejectsFile: 'memory://scratch/rejects.csv',
  rejectSamples: [{ line: 3, reason: 'missing post_id' }],
};

function setup(outcome: LoadOutcome = ok) {
  const store = new InMemoryObjectStore();
  const log = new InMemoryIngestLog();
  const loader = new RecordingLoader(store, outcome);
  return { store, log, loader, ingest: new IngestCsvFile(store, loader, log, clock) };
}

describe('IngestCsvFile', () => {
  const ref = { bucket: 'raw', key: 'uploads/post_results_1.csv' };

  it('loads a posts file, files its rejects in the dead-letter area and logs the counts', async () => {
    const { store, log, loader, ingest } = setup();
    await store.put(ref, 'Post_ID,creator,posted_date,likes,colour\np1,@a,2024-01-01,1,red\n');
    const result = await ingest.execute(ref);
    expect(result).toMatchObject({
      file: ref.key,
      table: 'posts',
      status: 'ingested',
      rowsRead: 10,
      landed: 7,
      duplicates: 2,
      rejected: 1,
      rejectsKey: 'dlq/post_results_1.csv.rejects.csv',
    });
    expect(result.warnings).toEqual(expect.arrayContaining(['ignored column(s) not in posts: colour']));
    expect(loader.requests[0].header).toEqual(['Post_ID', 'creator', 'posted_date', 'likes', 'colour']);
    expect(store.text({ bucket: 'raw', key: 'dlq/post_results_1.csv.rejects.csv' })).toContain('missing post_id');
    expect(store.text({ bucket: 'scratch', key: 'rejects.csv' })).toBeUndefined();
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ status: 'ingested', rowsRead: 10, landed: 7, duplicates: 2, rejected: 1 });
  });

  it('skips the same object version delivered twice, and ingests a changed one', async () => {
    const { store, loader, ingest } = setup({ ...ok, rejectsFile: undefined });
    await store.put(ref, 'post_id,creator,posted_date,likes\np1,@a,2024-01-01,1\n');
    await ingest.execute(ref);
    const second = await ingest.execute(ref);
    expect(second).toMatchObject({ status: 'skipped', rowsRead: 0, landed: 0, duplicates: 0, rejected: 0 });
    expect(loader.requests).toHaveLength(1);
    await store.put(ref, 'post_id,creator,posted_date,likes\np1,@a,2024-01-01,2\n');
    expect((await ingest.execute(ref)).status).toBe('ingested');
    expect(loader.requests).toHaveLength(2);
  });

  it.each([
    ['an empty file', 'uploads/post_results.csv', '', 'EMPTY_FILE'],
    ['a header missing required columns', 'uploads/post_results.csv', 'post_id,likes\np1,3\n', 'SCHEMA_MISMATCH'],
    ['a file of unknown kind', 'uploads/export.csv', 'a,b\n1,2\n', 'UNKNOWN_FILE_KIND'],
  ])('rejects %s whole: copy in dlq/ plus .error.json, nothing loaded', async (_name, key, content, code) => {
    const { store, log, loader, ingest } = setup();
    const upload = { bucket: 'raw', key };
    await store.put(upload, content);
    const result = await ingest.execute(upload);
    const dlqKey = key.replace('uploads/', 'dlq/');
    expect(result).toMatchObject({ status: 'rejected', deadLetterKey: dlqKey, error: { code }, rowsRead: 0 });
    expect(loader.requests).toHaveLength(0);
    expect(store.text({ bucket: 'raw', key: dlqKey })).toBe(content);
    const report = JSON.parse(store.text({ bucket: 'raw', key: `${dlqKey}.error.json` })!);
    expect(report).toMatchObject({ code, source: { bucket: 'raw', key }, replay: `instalake replay ${dlqKey}` });
    expect(report.message).toBe(result.error!.message);
    expect(log.entries[0]).toMatchObject({ status: 'rejected', errorCode: code });
  });

  it('names the missing columns and how to fix them', async () => {
    const { store, ingest } = setup();
    await store.put(ref, 'post_id,likes\n');
    const result = await ingest.execute(ref);
    expect(result.error!.message).toContain('lacks required column(s): creator, posted_date');
    expect(result.error!.message).toContain('Add the column(s) and upload it again');
  });
});

describe('IngestCsvFile reject samples', () => {
  it('mask a phone number a reason quotes (the result is printed and logged)', async () => {
    const { store, ingest } = setup({
      ...ok,
      rejectSamples: [{ line: 4, reason: 'likes "212–555–0199" is not a count (use digits, 1,234 or 1.2K)' }],
    });
    await store.put({ bucket: 'raw', key: 'uploads/post_results_1.csv' }, 'post_id,creator,posted_date,likes\n');
    const result = await ingest.execute({ bucket: 'raw', key: 'uploads/post_results_1.csv' });
    expect(result.rejectSamples).toEqual([
      { line: 4, reason: 'likes "212****99" is not a count (use digits, 1,234 or 1.2K)' },
    ]);
  });
});
