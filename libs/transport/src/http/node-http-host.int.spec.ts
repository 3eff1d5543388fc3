import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentPort } from '@instalake/agent';
import { HandleQueryApi } from '../query-api/handle-query-api';
import { startServer, type RunningServer } from './node-http-host';

const agent: AgentPort = {
  kind: 'echo',
  ask: async (sessionId, text) => ({ response: `echo ${text}`, sources: [], confidence: 'LOW' }),
};

/** The query API on Node's HTTP server, real sockets: the API routes, the chat page's files, and the edges. */
describe('startServer', () => {
  let web: string;
  let withPage: RunningServer;
  let apiOnly: RunningServer;
  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'instalake-web-'));
    await writeFile(join(web, 'index.html'), '<!doctype html><title>Chat</title>');
    await writeFile(join(web, 'app.spec.js'), 'secret test');
    withPage = await startServer({ api: new HandleQueryApi(agent), port: 0, webRoot: web, maxBodyBytes: 1000 });
    apiOnly = await startServer({ api: new HandleQueryApi(agent), port: 0 });
  });
  afterAll(async () => {
    await Promise.all([withPage.close(), apiOnly.close()]);
    await rm(web, { recursive: true, force: true });
  });

  const post = (url: string, body: string) =>
    fetch(`${url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers the API and serves the chat page from its directory, never tests or files outside it', async () => {
    const answer = await post(withPage.url, JSON.stringify({ sessionId: 'h-1', query: 'hello' }));
    expect(await answer.json()).toMatchObject({ sessionId: 'h-1', response: 'echo hello' });
    const page = await fetch(`${withPage.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Chat</title>');
    expect((await fetch(`${withPage.url}/app.spec.js`)).status).toBe(404);
    expect((await fetch(`${withPage.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    const head = await fetch(`${withPage.url}/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('refuses bodies over the limit with 413 before reading them whole, and non-GET static requests with 405', async () => {
    const big = await post(withPage.url, 'x'.repeat(5000));
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('BODY_TOO_LARGE');
    const put = await fetch(`${withPage.url}/index.html`, { method: 'PUT', body: 'x' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('serves no files without a web root: the API alone', async () => {
    const page = await fetch(`${apiOnly.url}/`);
    expect(page.status).toBe(404);
    expect((await page.json()).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${apiOnly.url}/api/health`)).status).toBe(200);
  });
});
