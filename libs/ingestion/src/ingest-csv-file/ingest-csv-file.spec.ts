import { InMemoryIngestLog } from '../ports/in-memory-ingest-log';
import { InMemoryLakeLoader } from '../ports/in-memory-lake-loader';
import { InMemoryObjectStore } from '../ports/in-memory-object-store';
import type { LoadOutcome } from '../ports/lake-loader';
import { StaticMappingSource } from '../ports/mapping-source';
import { parseIngestMapping } from '../mapping/ingest-mapping';
import { deliveryTag } from '../upload-policy';
import { IngestCsvFile, MAX_COLUMNS, MAX_HEADER_BYTES } from './ingest-csv-file';

const clock = { now: () => new Date('2026-11-27T10:00:00Z') };
const ok: Omit<LoadOutcome, 'rejectsFile'> & { rejectsCsv?: string } = {
  rowsRead: 10,
  valid: 9,
  landed: 7,
  duplicates: 2,
  rejected: 1,
  observations: 0,
  rejectedByReason: { 'post_id:missing': 1 },
  rejectsCsv: 'line,reason\n3,missing post_id\n',
  rejectSamples: [{ line: 3, reason: 'missing post_id' }],
  warnings: [],
};

function setup(outcome = ok, mappings?: StaticMappingSource) {
  const store = new InMemoryObjectStore();
  const log = new InMemoryIngestLog();
  const loader = new InMemoryLakeLoader(log, outcome, store, [
    { index: 0, name: 'shortCode' },
    { index: 1, name: 'owner.username' },
    { index: 2, name: 'timestamp' },
  ]);
  return { store, log, loader, ingest: new IngestCsvFile(store, loader, log, clock, undefined, mappings) };
}

const tagOf = async (store: InMemoryObjectStore, ref: { bucket: string; key: string }) =>
  deliveryTag(await store.head(ref));

describe('IngestCsvFile', () => {
  const ref = { bucket: 'raw', key: 'uploads/post_results_1.csv' };

  it('loads a posts file, files its rejects under keys of this delivery, and commits the counts with the rows', async () => {
    const { store, log, loader, ingest } = setup();
    await store.put(ref, 'Post_ID,creator,posted_date,likes,colour\np1,@a,2024-01-01,1,red\n');
    const tag = await tagOf(store, ref);
    const result = await ingest.execute(ref);
    const rejectsKey = `dlq/post_results_1.${tag}.rejects.csv`;
    expect(result).toMatchObject({
      file: ref.key,
      format: 'csv',
      table: 'posts',
      status: 'ingested',
      rowsRead: 10,
      landed: 7,
      duplicates: 2,
      rejected: 1,
      rejectedByReason: { 'post_id:missing': 1 },
      rejectsKey,
    });
    expect(result.warnings).toEqual(expect.arrayContaining(['ignored column(s) not in posts: colour']));
    expect(loader.requests[0].layout.fields.map((f) => f.name)).toEqual([
      'Post_ID',
      'creator',
      'posted_date',
      'likes',
      'colour',
    ]);
    expect(loader.requests[0]).toMatchObject({ format: 'csv', sourceKey: ref.key, resumed: false });
    expect(store.text({ bucket: 'raw', key: rejectsKey })).toContain('missing post_id');
    expect(store.text({ bucket: 'scratch', key: 'rejects.csv' })).toBeUndefined();
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({
      status: 'ingested',
      rowsRead: 10,
      landed: 7,
      duplicates: 2,
      rejected: 1,
      deadLetterKey: rejectsKey,
    });
  });

  it('gives two files of the same name their own dead letters, and the log points at each', async () => {
    const { store, log, ingest } = setup();
    const same = { bucket: 'raw', key: 'uploads/post_results.csv' };
    await store.put(same, 'post_id,creator,posted_date\np1,@a,2024-01-01\n');
    const first = await ingest.execute(same);
    await store.put(same, 'post_id,creator,posted_date\np2,@b,2024-01-02\n');
    const second = await ingest.execute(same);
    expect(first.rejectsKey).not.toEqual(second.rejectsKey);
    expect(log.entries.map((e) => e.deadLetterKey)).toEqual([first.rejectsKey, second.rejectsKey]);
    expect(store.text({ bucket: 'raw', key: first.rejectsKey! })).toBeDefined();
    expect(store.text({ bucket: 'raw', key: second.rejectsKey! })).toBeDefined();

    await store.put(same, 'post_id,likes\n');
    const rejectedA = await ingest.execute(same);
    await store.put(same, 'a,b\n1,2\n');
    const rejectedB = await ingest.execute(same);
    expect(rejectedA.deadLetterKey).not.toEqual(rejectedB.deadLetterKey);
    expect(store.text({ bucket: 'raw', key: rejectedA.deadLetterKey! })).toBe('post_id,likes\n');
    expect(store.text({ bucket: 'raw', key: rejectedB.deadLetterKey! })).toBe('a,b\n1,2\n');
  });

  it('skips the same object version delivered twice, and ingests a changed one', async () => {
    const { store, loader, ingest } = setup({ ...ok, rejectsCsv: undefined });
    await store.put(ref, 'post_id,creator,posted_date,likes\np1,@a,2024-01-01,1\n');
    await ingest.execute(ref);
    const second = await ingest.execute(ref);
    expect(second).toMatchObject({ status: 'skipped', rowsRead: 0, landed: 0, duplicates: 0, rejected: 0 });
    expect(loader.requests).toHaveLength(1);
    await store.put(ref, 'post_id,creator,posted_date,likes\np1,@a,2024-01-01,2\n');
    expect((await ingest.execute(ref)).status).toBe('ingested');
    expect(loader.requests).toHaveLength(2);
  });

  it('resumes a delivery that stopped half-way with its own load time', async () => {
    const { store, log, loader, ingest } = setup({ ...ok, rejectsCsv: undefined });
    await store.put(ref, 'post_id,creator,posted_date\np1,@a,2024-01-01\n');
    const info = await store.head(ref);
    const stoppedAt = new Date('2026-11-26T08:00:00.123Z');
    await log.append({
      bucket: ref.bucket,
      key: ref.key,
      etag: info.etag,
      status: 'loading',
      rowsRead: 0,
      landed: 0,
      duplicates: 0,
      rejected: 0,
      startedAt: stoppedAt,
      finishedAt: stoppedAt,
    });
    await ingest.execute(ref);
    expect(loader.requests[0]).toMatchObject({ resumed: true, loadedAt: stoppedAt });
    expect(log.entries.at(-1)).toMatchObject({ status: 'ingested', startedAt: stoppedAt });
  });

  it.each([
    ['an empty file', 'uploads/post_results.csv', '', 'EMPTY_FILE'],
    ['a header missing required columns', 'uploads/post_results.csv', 'post_id,likes\np1,3\n', 'SCHEMA_MISMATCH'],
    ['a file of unknown kind', 'uploads/export.csv', 'a,b\n1,2\n', 'UNKNOWN_FILE_KIND'],
    ['a file without a line break', 'uploads/post_results.csv', 'x'.repeat(MAX_HEADER_BYTES + 10), 'HEADER_TOO_LARGE'],
    [
      'a file of 5,000 columns',
      'uploads/post_results.csv',
      `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n`,
      'TOO_MANY_COLUMNS',
    ],
  ])('rejects %s whole: copy in dlq/ plus .error.json, nothing loaded', async (_name, key, content, code) => {
    const { store, log, loader, ingest } = setup();
    const upload = { bucket: 'raw', key };
    await store.put(upload, content);
    const tag = await tagOf(store, upload);
    const result = await ingest.execute(upload);
    const dlqKey = key.replace('uploads/', 'dlq/').replace(/\.csv$/, `.${tag}.csv`);
    expect(result).toMatchObject({ status: 'rejected', deadLetterKey: dlqKey, error: { code }, rowsRead: 0 });
    expect(loader.requests).toHaveLength(0);
    expect(store.text({ bucket: 'raw', key: dlqKey })).toBe(content);
    const report = JSON.parse(store.text({ bucket: 'raw', key: `${dlqKey}.error.json` })!);
    expect(report).toMatchObject({ code, source: { bucket: 'raw', key }, replay: `instalake replay ${dlqKey}` });
    expect(report.message).toBe(result.error!.message);
    expect(log.entries[0]).toMatchObject({ status: 'rejected', errorCode: code });
  });

  it('bounds the header: the limits are named in the errors', async () => {
    const { store, ingest } = setup();
    await store.put(ref, 'x'.repeat(MAX_HEADER_BYTES + 10));
    expect((await ingest.execute(ref)).error!.message).toMatch(/no line break in its first 256 KB/);
    await store.put(ref, `${Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',')}\n`);
    expect((await ingest.execute(ref)).error!.message).toMatch(/has 2001 columns, more than the 2000/);
  });

  it('shell-quotes the replay command of a key with shell syntax in it', async () => {
    const { store, ingest } = setup();
    const hostile = { bucket: 'raw', key: "uploads/post_results_$(touch PWNED)'x.csv" };
    await store.put(hostile, 'post_id,likes\n');
    const result = await ingest.execute(hostile);
    const report = JSON.parse(store.text({ bucket: 'raw', key: `${result.deadLetterKey}.error.json` })!);
    expect(report.replay).toBe(
      `instalake replay 'dlq/post_results_$(touch PWNED)'\\''x.${await tagOf(store, hostile)}.csv'`,
    );
  });

  it('names the missing columns, what would give them and how to map them', async () => {
    const { store, ingest } = setup();
    await store.put(ref, 'post_id,likes\n');
    const result = await ingest.execute(ref);
    expect(result.error!.message).toContain('lacks required column(s): creator, posted_date');
    expect(result.error!.message).toContain('creator (a field named creator, owner_username, username');
    expect(result.error!.message).toContain('--set <lake column>=<value>');
  });

  it('lists the columns of an unknown file and its closest known layout', async () => {
    const { store, ingest } = setup();
    const upload = { bucket: 'raw', key: 'uploads/export.csv' };
    await store.put(upload, 'caption,likesCount,ownerFullName,whatever\nhi,3,Ann,x\n');
    const message = (await ingest.execute(upload)).error!.message;
    expect(message).toContain('Columns seen: caption, likesCount, ownerFullName, whatever');
    expect(message).toMatch(
      /Closest known layout: Apify instagram-scraper export \(CSV or JSON\) \(posts; \d+% of its columns present\)/,
    );
    expect(message).toContain('--map <your column>=creator');
  });

  it('takes what a file cannot say from the call and from the mapping source, the call winning', async () => {
    const mappings = new StaticMappingSource(
      parseIngestMapping(
        JSON.stringify({ rules: [{ files: 'instaloader/**', set: { creator: 'from_rule' }, dateOrder: 'DMY' }] }),
        'test',
      ),
    );
    const { store, loader, ingest } = setup({ ...ok, rejectsCsv: undefined }, mappings);
    const upload = { bucket: 'raw', key: 'uploads/instaloader/arijit/posts.csv' };
    await store.put(upload, 'mediaid,shortcode,date_utc,likes\n1,Cx,2024-01-01 10:00:00,3\n');
    await ingest.execute(upload);
    expect(loader.requests[0].layout.bindings.find((b) => b.column === 'creator')?.defaultValue).toBe('from_rule');
    expect(loader.requests[0].layout.dateOrder).toBe('DMY');
    await store.put(upload, 'mediaid,shortcode,date_utc,likes\n1,Cx,2024-01-01 10:00:00,4\n');
    await ingest.execute(upload, { mapping: { set: { creator: 'arijitsingh' } } });
    expect(loader.requests[1].layout.bindings.find((b) => b.column === 'creator')?.defaultValue).toBe('arijitsingh');
  });

  it('reads JSON fields through the loader, and marks a replayed rejects file for cell restoring', async () => {
    const { store, loader, ingest } = setup({ ...ok, rejectsCsv: undefined });
    await store.put({ bucket: 'raw', key: 'uploads/dataset.json' }, '[{"shortCode":"x"}]');
    const json = await ingest.execute({ bucket: 'raw', key: 'uploads/dataset.json' });
    expect(json).toMatchObject({ format: 'json', table: 'posts', status: 'ingested' });
    expect(loader.requests[0].format).toBe('json');
    await store.put(
      { bucket: 'raw', key: 'uploads/post_results.x.replay-1.rejects.csv' },
      'post_id,creator,posted_date\n',
    );
    await ingest.execute({ bucket: 'raw', key: 'uploads/post_results.x.replay-1.rejects.csv' });
    expect(loader.requests[1].neutralisedCells).toBe(true);
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
