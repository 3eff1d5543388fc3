import { seedLocalLake } from '@instalake/duckdb';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCliConfig } from '../config';
import { CliContext } from '../context';
import { postsCsv, RESTAURANTS_CSV } from '../http/sample-lake.fixture';
import { serveLocal } from './serve.command';

/** What `serve` and `demo` share through serveLocal: the port check, the bearer token and the open-host warning. */
describe('serveLocal (real HTTP, real DuckDB)', () => {
  let dir: string;
  const TOKEN = 'a-long-enough-test-token';
  const contextWith = (env: Record<string, string>) =>
    new CliContext(loadCliConfig({ INSTALAKE_HOME: dir, ...env }), () => undefined);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-serve-local-'));
    await seedLocalLake(join(dir, 'lake.duckdb'), {
      'instagram_restaurant_results.csv': RESTAURANTS_CSV,
      'post_results.csv': postsCsv(3),
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const ask = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ sessionId: 's-1', query: 'Top 3 posts in NYC' }),
    });

  it('requires INSTALAKE_API_TOKEN as a bearer token when it is set', async () => {
    const server = await serveLocal(contextWith({ INSTALAKE_API_TOKEN: TOKEN }), {
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
    });
    try {
      expect((await ask(server.url)).status).toBe(401);
      expect((await ask(server.url, { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
      expect((await ask(server.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('refuses a port outside 0..65535 before opening anything', async () => {
    // A home without a lake: had the lake been opened first, this would fail as LAKE_UNAVAILABLE instead.
    const empty = join(dir, 'empty-home');
    const ctx = contextWith({ INSTALAKE_HOME: empty });
    await expect(serveLocal(ctx, { host: '127.0.0.1', port: 70000 })).rejects.toMatchObject({
      message: '--port must be 0..65535',
      code: 'USAGE',
    });
    await expect(serveLocal(ctx, { host: '127.0.0.1', port: 1.5 })).rejects.toMatchObject({
      message: '--port must be 0..65535',
      code: 'USAGE',
    });
    await expect(readdir(empty)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('warns when it listens beyond loopback without a token, and not with one', async () => {
    const writes: string[] = [];
    const spy = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => writes.push(String(chunk)) > 0);
    try {
      for (const env of [{}, { INSTALAKE_API_TOKEN: TOKEN }] as Record<string, string>[]) {
        const server = await serveLocal(contextWith(env), { host: '0.0.0.0', port: 0, log: () => undefined });
        await server.stop();
      }
    } finally {
      spy.mockRestore();
    }
    expect(writes.filter((w) => w.startsWith('warning:'))).toEqual([
      'warning: serving on 0.0.0.0 without INSTALAKE_API_TOKEN: anyone who can reach it can query the lake.\n',
    ]);
  });
});
