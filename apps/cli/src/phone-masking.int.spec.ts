import { spawnSync } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../bin/instalake.js');
const PHONE_DIGITS = ['2125550199', '33142685300', '81312345678'];

/** The digits of a text in ASCII, full-width ones included (NFKC folds them). */
const digitsOf = (text: string) => text.normalize('NFKC').replace(/\D/g, '');

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

/** A restaurant whose phone and bio use an en dash, posts quoting phones from three countries: nothing leaks. */
describe('phone numbers through sql, kb and ask (installed CLI)', () => {
  let home: string;
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, INSTALAKE_HOME: home },
      encoding: 'utf8',
    });
    return { code: run.status, out: run.stdout + run.stderr };
  };
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-phones-'));
    await writeFile(
      join(home, 'instagram_results.csv'),
      'restaurant_name,city,phone,instagram_handle,followers,posts,bio\n' +
        'Joe Pizza,New York,212–555–0199,@joes,1K,10,"Pizza by the slice. Call 212–555–0199 or ２１２ ５５５ ０１９９"\n',
    );
    await writeFile(
      join(home, 'post_results.csv'),
      'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url\n' +
        'p1,pizza nyc,@joes,2024-05-01,10,1,#pizza,"Pasta night! Book 212–555–0199",a plate of pasta,https://www.instagram.com/p/C1/\n' +
        'p2,pizza nyc,@joes,2024-05-02,20,2,#pizza,"Pasta in Paris +33 1 42 68 53 00",pasta,https://www.instagram.com/p/C2/\n' +
        'p3,pizza nyc,@joes,2024-05-03,30,3,#pizza,"Pasta in Tokyo +81-3-1234-5678",pasta,https://www.instagram.com/p/C3/\n',
    );
    expect(cli('ingest', join(home, 'instagram_results.csv'), join(home, 'post_results.csv')).code).toBe(0);
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it.each([
    [['sql', 'SELECT * FROM restaurants'], '212****99'],
    [['sql', "SELECT string_agg(caption || ' ' || bio, ' ') FROM posts, restaurants", '--json'], '+81****78'],
    [['kb', 'sync'], '3 added'],
    [['kb', 'search', 'pasta'], 'Book 212****99'],
    [['ask', 'Find posts similar to pasta'], 'Pasta'],
    [['ask', 'Top 10 posts by likes in NYC', '--json'], 'https://www.instagram.com/p/C3/'],
  ])('instalake %j prints no phone number', (args, shown) => {
    const run = cli(...args);
    expect(run.code).toBe(0);
    expect(run.out).toContain(shown);
    for (const digits of PHONE_DIGITS) expect(digitsOf(run.out)).not.toContain(digits);
  });

  it('writes no phone number into the knowledge documents on disk', async () => {
    const documents = (await filesUnder(join(home, 'buckets'))).filter((f) => /knowledge|kb/.test(f));
    expect(documents.length).toBeGreaterThan(0);
    for (const file of documents) {
      const text = await readFile(file, 'utf8');
      for (const digits of PHONE_DIGITS)
        expect({ file, leaks: digitsOf(text).includes(digits) }).toEqual({ file, leaks: false });
    }
  });
});
