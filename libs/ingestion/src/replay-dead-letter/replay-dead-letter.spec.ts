import { InMemoryIngestLog } from '../ports/in-memory-ingest-log';
import { InMemoryLakeLoader } from '../ports/in-memory-lake-loader';
import { InMemoryObjectStore } from '../ports/in-memory-object-store';
import { IngestCsvFile } from '../ingest-csv-file/ingest-csv-file';
import { IngestPendingUploads } from '../ingest-pending-uploads/ingest-pending-uploads';
import { ReplayDeadLetter } from './replay-dead-letter';

const clock = { now: () => new Date('2026-11-27T10:00:00.123Z') };

function setup() {
  const store = new InMemoryObjectStore();
  const log = new InMemoryIngestLog();
  const loader = new InMemoryLakeLoader(
    log,
    {
      rowsRead: 1,
      valid: 1,
      landed: 1,
      duplicates: 0,
      rejected: 0,
      observations: 0,
      rejectedByReason: {},
      rejectSamples: [],
      warnings: [],
    },
    undefined,
    [
      { index: 0, name: 'post_id' },
      { index: 1, name: 'creator' },
      { index: 2, name: 'posted_date' },
    ],
  );
  const ingest = new IngestCsvFile(store, loader, log, clock);
  return { store, log, loaded: loader.requests, ingest };
}

describe('ReplayDeadLetter', () => {
  it('copies a fixed rejects file back to uploads/ under a name that keeps its kind and says its cells are neutralised', async () => {
    const { store, loaded, ingest } = setup();
    await store.put(
      { bucket: 'raw', key: 'dlq/post_results.3f2a9c1d0b7e.rejects.csv' },
      "line,reason,post_id,creator,posted_date,likes,raw_record\n3,x,p9,@a,2024-01-01,'-1,\n",
    );
    const result = await new ReplayDeadLetter(store, ingest, clock).execute(
      'raw',
      'dlq/post_results.3f2a9c1d0b7e.rejects.csv',
    );
    expect(result).toMatchObject({
      file: 'uploads/post_results.3f2a9c1d0b7e.replay-20261127T100000Z.rejects.csv',
      table: 'posts',
      status: 'ingested',
    });
    expect(result.warnings).toEqual(
      expect.arrayContaining(['ignored column(s) not in posts: line, reason, raw_record']),
    );
    expect(loaded).toHaveLength(1);
    expect(loaded[0].neutralisedCells).toBe(true);
  });

  it('replays a whole dead-lettered file (CSV or JSON) as it is', async () => {
    const { store, loaded, ingest } = setup();
    await store.put(
      { bucket: 'raw', key: 'dlq/a/post_results.t1.csv' },
      'post_id,creator,posted_date\np,c,2024-01-01\n',
    );
    const csv = await new ReplayDeadLetter(store, ingest, clock).execute('raw', 'dlq/a/post_results.t1.csv');
    expect(csv.file).toBe('uploads/a/post_results.t1.replay-20261127T100000Z.csv');
    expect(loaded[0].neutralisedCells).toBe(false);
  });

  it('refuses keys outside the dead-letter area and error reports', async () => {
    const { store, ingest } = setup();
    const replay = new ReplayDeadLetter(store, ingest, clock);
    await expect(replay.execute('raw', 'uploads/post_results.csv')).rejects.toMatchObject({ code: 'NOT_AN_UPLOAD' });
    await expect(replay.execute('raw', 'dlq/post_results.t.csv.error.json')).rejects.toMatchObject({
      code: 'NOT_AN_UPLOAD',
    });
  });

  it.each([
    ['dlq/../uploads/x.csv', /would mean "uploads\/x.csv"/],
    ['dlq/../../etc/passwd', /leaves the bucket/],
    ['dlq/./x.csv', /would mean "dlq\/x.csv"/],
    ['dlq//x.csv', /empty/],
    ['dlq\\..\\uploads\\x.csv', /backslash/],
    ['/dlq/x.csv', /starts with \//],
  ])('refuses %j before the prefix check, so nothing outside dlq/ is copied', async (key, reason) => {
    const { store, ingest } = setup();
    await store.put({ bucket: 'raw', key: 'uploads/x.csv' }, 'post_id,creator,posted_date\np1,@a,2024-01-01\n');
    const replay = new ReplayDeadLetter(store, ingest, clock);
    await expect(replay.execute('raw', key)).rejects.toMatchObject({ code: 'INVALID_OBJECT_KEY' });
    await expect(replay.execute('raw', key)).rejects.toThrow(reason);
    expect((await store.list('raw', '')).map((o) => o.key)).toEqual(['uploads/x.csv']);
  });
});

describe('IngestPendingUploads', () => {
  it('ingests each upload once (CSV and JSON), ignoring other keys and prefixes', async () => {
    const { store, loaded, log, ingest } = setup();
    const header = 'post_id,creator,posted_date,likes\n';
    await store.put({ bucket: 'raw', key: 'uploads/post_results_a.csv' }, header);
    await store.put({ bucket: 'raw', key: 'uploads/post_results_b.CSV' }, header + 'p1,@a,2024-01-01,1\n');
    await store.put({ bucket: 'raw', key: 'uploads/post_results_c.jsonl' }, '{"post_id":"p"}\n');
    await store.put({ bucket: 'raw', key: 'uploads/notes.txt' }, 'hello');
    await store.put({ bucket: 'raw', key: 'dlq/post_results_c.csv' }, header);
    const pending = new IngestPendingUploads(store, log, ingest);
    expect((await pending.execute('raw')).map((r) => r.file)).toEqual([
      'uploads/post_results_a.csv',
      'uploads/post_results_b.CSV',
      'uploads/post_results_c.jsonl',
    ]);
    expect(await pending.execute('raw')).toEqual([]);
    expect(loaded).toHaveLength(3);
  });
});
