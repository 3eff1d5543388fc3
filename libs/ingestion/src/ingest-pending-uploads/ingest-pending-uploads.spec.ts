import { InMemoryIngestLog } from '../ports/in-memory-ingest-log';
import { InMemoryLakeLoader } from '../ports/in-memory-lake-loader';
import { InMemoryObjectStore } from '../ports/in-memory-object-store';
import { IngestCsvFile } from '../ingest-csv-file/ingest-csv-file';
import { DEFAULT_UPLOAD_POLICY } from '../upload-policy';
import { IngestPendingUploads } from './ingest-pending-uploads';

describe('IngestPendingUploads with a settle interval', () => {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const header = 'post_id,creator,posted_date\n';

  function setup() {
    const store = new InMemoryObjectStore();
    const log = new InMemoryIngestLog();
    const loader = new InMemoryLakeLoader(log, {
      rowsRead: 1,
      valid: 1,
      landed: 1,
      duplicates: 0,
      rejected: 0,
      observations: 0,
      rejectedByReason: {},
      rejectSamples: [],
      warnings: [],
    });
    const loaded = loader.requests;
    const ingest = new IngestCsvFile(store, loader, log, clock);
    const pending = new IngestPendingUploads(store, log, ingest, DEFAULT_UPLOAD_POLICY, clock);
    // A file as a writer leaves it: bytes written at `at`.
    const write = async (key: string, body: string, at = now) => {
      await store.put({ bucket: 'raw', key }, body);
      store.objects.get(`raw/${key}`)!.lastModified = new Date(at);
    };
    return { store, pending, loaded, write };
  }

  it('waits while a file grows, and ingests it once size and time stayed the same for the interval', async () => {
    const { pending, loaded, write } = setup();
    await write('uploads/post_results.csv', header + 'p1,@a,2024-05-01\np2,@a,2024-0');
    expect(await pending.execute('raw', { settleMs: 2000 })).toEqual([]);
    now += 1500; // the writer pauses mid-record ...
    expect(await pending.execute('raw', { settleMs: 2000 })).toEqual([]);
    now += 300; // ... and finishes: the clock restarts
    await write('uploads/post_results.csv', header + 'p1,@a,2024-05-01\np2,@a,2024-05-02\n');
    expect(await pending.execute('raw', { settleMs: 2000 })).toEqual([]);
    now += 1999;
    expect(await pending.execute('raw', { settleMs: 2000 })).toEqual([]);
    now += 1;
    expect((await pending.execute('raw', { settleMs: 2000 })).map((r) => r.file)).toEqual(['uploads/post_results.csv']);
    expect(loaded).toHaveLength(1);
  });

  it('takes a file found unchanged for longer than the interval at once (watch --once, files there before)', async () => {
    const { pending, write } = setup();
    await write('uploads/old.csv', header, now - 60_000);
    await write('uploads/fresh.csv', header, now - 10);
    expect((await pending.execute('raw', { settleMs: 2000 })).map((r) => r.file)).toEqual(['uploads/old.csv']);
  });

  it('ignores names that do not end in .csv, so a writer can rename when done', async () => {
    const { pending, write } = setup();
    await write('uploads/post_results.csv.part', header, now - 60_000);
    expect(await pending.execute('raw', { settleMs: 2000 })).toEqual([]);
  });

  it('ingests at once without a settle interval (S3 objects are complete)', async () => {
    const { pending, write } = setup();
    await write('uploads/post_results.csv', header);
    expect(await pending.execute('raw')).toHaveLength(1);
  });
});
