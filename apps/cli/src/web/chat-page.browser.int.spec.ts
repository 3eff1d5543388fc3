// Drives the chat page in headless Chromium (Debian's package, driven by playwright-core; never a browser download).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WEB_ROOT = __dirname;
const SCREENSHOT_DIR = resolve(__dirname, '../../../../.reports/screenshots');
const SUGGESTED = [
  'Top 10 posts by likes in NYC',
  "Find posts similar to 'rustic pasta plating'",
  'Compare @joes_pizza to competitors',
  'Trending hashtags this week in SF',
  'What makes brunch posts successful?',
  'Show me viral dessert content',
];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`chat-page browser test SKIPPED: ${CHROMIUM} is missing. Install it with: apt-get update && apt-get install -y chromium`);
}
const describeInBrowser = haveChromium ? describe : describe.skip;

interface ChatServer {
  readonly url: string;
  close(): Promise<void>;
}

// ---------- a contract-true fake of POST /api/query (until `instalake serve` is used instead) ----------

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fakeTrendAnswer(sessionId: string) {
  const days = Array.from({ length: 14 }, (_, i) => `2024-05-${String(i + 17).padStart(2, '0')}`);
  return {
    sessionId,
    response: 'Posts per day for the top two hashtags in San Francisco, 2024-05-17 to 2024-05-30.',
    sources: [{ type: 'trends', title: 'Hashtag trends, San Francisco' }],
    confidence: 'HIGH',
    data: {
      chart: {
        kind: 'line',
        title: 'Posts per day',
        labels: days,
        series: [
          { name: '#brunch', values: days.map((_, i) => 10 + ((i * 7) % 9)) },
          { name: '#sourdough', values: days.map((_, i) => 4 + i) },
        ],
      },
      dataPoints: 320,
    },
  };
}

function fakeAnswer(sessionId: string, query: string, turn: number) {
  const creators = ['@joes_pizza', '@nyc_bagels', '@pasta_lab', '@brunch_club'];
  const likes = [1204, 988, 640, 315].map((v) => v - turn);
  return {
    sessionId,
    response: `Turn ${turn}: top posts for "${query}".\n\nEngagement = likes + comments.\n- ${creators[0]} leads with ${likes[0]} likes\n- ${creators[1]} follows with ${likes[1]}`,
    sources: [
      { type: 'sql', title: 'Top posts by likes', detail: 'SELECT creator, likes, post_url FROM lake.instagram_db.posts ORDER BY likes DESC LIMIT 10' },
      { type: 'knowledge', title: `${creators[0]} post`, uri: 'https://www.instagram.com/p/CxJoesPizza1/' },
    ],
    confidence: 'MEDIUM',
    data: {
      table: { columns: ['creator', 'likes', 'post_url'], rows: creators.map((c, i) => [c, likes[i], `https://www.instagram.com/p/post${i}/`]), truncated: false },
      chart: { kind: 'bar', title: 'Likes by creator', labels: creators, series: [{ name: 'likes', values: likes }] },
      recommendations: ['Post pizza close-ups at 6 pm', 'Use #nycpizza on every post', 'Reply to comments within an hour'],
      dataPoints: 42,
      freshness: { latestPostedDate: '2024-05-30', loadedAt: '2024-06-01T08:00:00Z' },
    },
  };
}

async function startFakeServer(): Promise<ChatServer> {
  const turns = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/api/query') {
        if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST only' } });
        let body: { sessionId?: unknown; query?: unknown };
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return sendJson(res, 400, { error: { code: 'MALFORMED_JSON', message: 'Body is not JSON' } });
        }
        if (typeof body.sessionId !== 'string' || !/^[0-9a-zA-Z._:-]{2,100}$/.test(body.sessionId)) {
          return sendJson(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'sessionId is invalid', field: 'sessionId' } });
        }
        if (typeof body.query !== 'string' || body.query.trim() === '') {
          return sendJson(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'query must not be blank', field: 'query' } });
        }
        const turn = (turns.get(body.sessionId) ?? 0) + 1;
        turns.set(body.sessionId, turn);
        return sendJson(res, 200, /trending/i.test(body.query) ? fakeTrendAnswer(body.sessionId) : fakeAnswer(body.sessionId, body.query, turn));
      }
      const file = path === '/' ? 'index.html' : path.slice(1);
      const type = MIME[extname(file)];
      if (!type || file.includes('..') || !existsSync(join(WEB_ROOT, file))) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: path } });
      res.writeHead(200, { 'content-type': type }).end(readFileSync(join(WEB_ROOT, file)));
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

// ---------- page helpers ----------

interface SentQuery {
  sessionId: string;
  query: string;
}

function recordQueries(page: Page): SentQuery[] {
  const sent: SentQuery[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/query') sent.push(JSON.parse(request.postData() ?? '{}'));
  });
  return sent;
}

async function ask(page: Page, question: string): Promise<void> {
  const answersBefore = await page.locator('.turn--answer').count();
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
  await page.locator('.turn--answer').nth(answersBefore).waitFor();
}

/** WCAG contrast ratio of an element's text against its effective background. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((element) => {
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r, g, b].map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    let node: Element | null = element;
    let background = [255, 255, 255];
    while (node) {
      const rgba = parse(getComputedStyle(node).backgroundColor);
      if (rgba.length === 3 || (rgba.length === 4 && rgba[3] > 0)) {
        background = rgba.slice(0, 3);
        break;
      }
      node = node.parentElement;
    }
    const text = parse(getComputedStyle(element).color).slice(0, 3);
    const [hi, lo] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
}

describeInBrowser('chat page in headless Chromium', () => {
  let browser: Browser;
  let server: ChatServer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    [browser, server] = await Promise.all([chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS }), startFakeServer()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  async function open(): Promise<void> {
    await page.goto(server.url);
    await page.locator('html.is-ready').waitFor();
  }

  it('loads small and fast, with the six suggested questions and a stored sessionId', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await open();
    const timing = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        loadMs: navigation.loadEventEnd - navigation.startTime,
        bytes: navigation.encodedBodySize + resources.reduce((sum, r) => sum + r.encodedBodySize, 0),
        external: resources.filter((r) => !r.name.startsWith(location.origin)).map((r) => r.name),
      };
    });
    console.info(`chat page: load ${timing.loadMs.toFixed(0)} ms, ${timing.bytes} bytes`);
    expect(timing.loadMs).toBeLessThan(1000);
    expect(timing.bytes).toBeLessThan(80 * 1024);
    expect(timing.external).toEqual([]);
    expect(pageErrors).toEqual([]);

    await expect(page.locator('.suggestion').allTextContents()).resolves.toEqual(SUGGESTED);
    const sessionId = await page.evaluate(() => localStorage.getItem('instalake.sessionId'));
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(page.locator('#session-id').textContent()).resolves.toBe(sessionId);

    await page.reload();
    await page.locator('html.is-ready').waitFor();
    await expect(page.locator('#session-id').textContent()).resolves.toBe(sessionId);
  });

  it('answers with table, chart, recommendations, sources and confidence; follows up in the session; starts a new one', async () => {
    const sent = recordQueries(page);
    await open();

    await page.locator('.suggestion', { hasText: 'Top 10 posts by likes in NYC' }).click();
    await page.locator('.turn--answer').first().waitFor();
    const answer = page.locator('.turn--answer').first();

    await expect(page.locator('.turn--question').first().textContent()).resolves.toContain('Top 10 posts by likes in NYC');
    const table = answer.locator('table.data-table');
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual(['creator', 'likes', 'post_url']);
    await expect(table.locator('thead th').first().getAttribute('scope')).resolves.toBe('col');
    await expect(table.locator('tbody tr').count()).resolves.toBe(4);
    await expect(table.locator('tbody tr').first().locator('td').allTextContents()).resolves.toEqual([
      '@joes_pizza',
      '1,203',
      'instagram.com/p/post0/',
    ]);
    await expect(table.locator('tbody tr').first().locator('a').getAttribute('href')).resolves.toBe('https://www.instagram.com/p/post0/');
    await expect(table.locator('caption').textContent()).resolves.toContain('4 rows');

    const chart = answer.locator('figure.chart svg[role="img"]');
    await expect(chart.locator('rect').count()).resolves.toBe(4);
    await expect(chart.locator('desc').textContent()).resolves.toBe(
      'Bar chart: Likes by creator. @joes_pizza 1,203, @nyc_bagels 987, @pasta_lab 639, @brunch_club 314.',
    );
    const widths = await chart.locator('rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
    expect(widths[0]).toBeGreaterThan(widths[1]);
    expect(widths[1]).toBeGreaterThan(widths[3]);

    await expect(answer.locator('.badge').textContent()).resolves.toBe('Confidence: MEDIUM');
    await expect(answer.locator('.answer-recommendations li').allTextContents()).resolves.toEqual([
      'Post pizza close-ups at 6 pm',
      'Use #nycpizza on every post',
      'Reply to comments within an hour',
    ]);
    await expect(answer.locator('.answer-text li').count()).resolves.toBe(2);
    await expect(answer.locator('.answer-sources a').first().getAttribute('href')).resolves.toBe('https://www.instagram.com/p/CxJoesPizza1/');
    await expect(answer.locator('.answer-sources details summary').first().textContent()).resolves.toBe('Show the SQL');
    await expect(answer.locator('.answer-meta').textContent()).resolves.toContain('Based on 42 data points');
    // Focus returns to the question box for the follow-up.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('question');
    await expect(page.locator('#intro').isHidden()).resolves.toBe(true);

    await ask(page, 'Show me similar ones');
    await expect(page.locator('.turn--answer').count()).resolves.toBe(2);
    await expect(page.locator('.turn--answer').nth(1).locator('.answer-text p').first().textContent()).resolves.toContain('Turn 2');
    expect(sent).toHaveLength(2);
    expect(sent[1].sessionId).toBe(sent[0].sessionId);
    expect(sent.map((s) => s.query)).toEqual(['Top 10 posts by likes in NYC', 'Show me similar ones']);

    // What the user sees: the follow-up question at the top, its chart and table, the question box at the bottom.
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'chat-page.png') });

    await page.locator('#new-conversation').click();
    await expect(page.locator('.turn').count()).resolves.toBe(0);
    await expect(page.locator('#intro').isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('question');
    const fresh = await page.evaluate(() => localStorage.getItem('instalake.sessionId'));
    expect(fresh).not.toBe(sent[0].sessionId);

    await ask(page, 'Top 10 posts by likes in NYC');
    expect(sent).toHaveLength(3);
    expect(sent[2].sessionId).toBe(fresh);
    await expect(page.locator('.turn--answer .answer-text p').first().textContent()).resolves.toContain('Turn 1');
  });

  it("shows the API's error message on a 500 and a hint on a network failure, and gives the question back", async () => {
    await open();
    await page.route('**/api/query', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'INTERNAL', message: 'The lake could not be opened: check INSTALAKE_DATA_DIR.' } }),
      }),
    );
    await page.locator('#question').fill('Top 10 posts by likes in NYC');
    await page.locator('#ask').click();
    await page.locator('#error').waitFor({ state: 'visible' });
    await expect(page.locator('#error-message').textContent()).resolves.toBe('The lake could not be opened: check INSTALAKE_DATA_DIR.');
    await expect(page.locator('#token-form').isHidden()).resolves.toBe(true);
    expect(await contrastOf(page, '#error-message')).toBeGreaterThanOrEqual(4.5);
    await expect(page.locator('#error').getAttribute('role')).resolves.toBe('alert');
    await expect(page.locator('#question').inputValue()).resolves.toBe('Top 10 posts by likes in NYC');
    await expect(page.locator('.turn').count()).resolves.toBe(0);
    await expect(page.locator('#ask').isEnabled()).resolves.toBe(true);

    await page.unroute('**/api/query');
    await page.route('**/api/query', (route) => route.abort('connectionrefused'));
    await page.locator('#retry').click();
    await expect(page.locator('#error-message').textContent()).resolves.toContain('Could not reach the Instalake server');

    // Once the API is back, "Try again" answers and the error goes away.
    await page.unroute('**/api/query');
    await page.locator('#retry').click();
    await page.locator('.turn--answer').waitFor();
    await expect(page.locator('#error').isHidden()).resolves.toBe(true);
  });

  it('asks for the access token when the server requires one, then sends it as a bearer token', async () => {
    await open();
    const authorizations: (string | undefined)[] = [];
    await page.route('**/api/query', async (route) => {
      const authorization = route.request().headers()['authorization'];
      authorizations.push(authorization);
      if (authorization !== 'Bearer s3cret-token') {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'This server requires "Authorization: Bearer <token>".' } }),
        });
      } else await route.continue();
    });
    await page.locator('#question').fill('Top 10 posts by likes in NYC');
    await page.locator('#question').press('Enter');
    await page.locator('#token-form').waitFor({ state: 'visible' });
    await expect(page.locator('#error-message').textContent()).resolves.toContain('requires "Authorization: Bearer');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('api-token');
    await page.keyboard.type('s3cret-token');
    await page.keyboard.press('Enter');
    await page.locator('.turn--answer').waitFor();
    expect(authorizations).toEqual([undefined, 'Bearer s3cret-token']);
    await expect(page.locator('#error').isHidden()).resolves.toBe(true);
    // Kept for the tab only, never in localStorage.
    await expect(page.evaluate(() => [sessionStorage.getItem('instalake.apiToken'), JSON.stringify(localStorage).includes('s3cret')])).resolves.toEqual([
      's3cret-token',
      false,
    ]);
  });

  it('shows a loading state while the answer is on its way', async () => {
    await open();
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    await page.route('**/api/query', async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('#question').fill('Trending hashtags this week in SF');
    await page.locator('#question').press('Enter');
    await page.locator('.status.is-loading').waitFor();
    await expect(page.locator('#ask').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#conversation').getAttribute('aria-busy')).resolves.toBe('true');
    release();
    await page.locator('.turn--answer').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toBe('');
    await expect(page.locator('#conversation').getAttribute('aria-busy')).resolves.toBe('false');

    // The trend answer is a two-series line chart with a legend and no table.
    const figure = page.locator('.turn--answer figure.chart');
    await expect(figure.locator('polyline').count()).resolves.toBe(2);
    await expect(figure.locator('circle').count()).resolves.toBe(28);
    await expect(figure.locator('.chart-legend li').allTextContents()).resolves.toEqual(['#brunch', '#sourdough']);
    await expect(figure.locator('desc').textContent()).resolves.toMatch(/^Line chart: Posts per day\. #brunch: 2024-05-17 10, .*#sourdough: 2024-05-17 4, .*2024-05-30 17\.$/);
    await expect(page.locator('.turn--answer table').count()).resolves.toBe(0);
    await expect(page.locator('.badge').textContent()).resolves.toBe('Confidence: HIGH');
    await page.locator('.turn--answer').screenshot({ path: join(SCREENSHOT_DIR, 'chat-page-line-chart.png') });
  });

  it('renders hostile scraped text as text and never follows a non-http link', async () => {
    await open();
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await page.route('**/api/query', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          sessionId: 'x1',
          response: `Caption: ${hostile}\n- <b>bold</b>`,
          sources: [{ type: 'knowledge', title: `post ${hostile}`, uri: 'javascript:window.__pwned=2' }],
          confidence: 'LOW',
          data: {
            table: { columns: ['caption<script>'], rows: [[hostile], ['javascript:alert(1)']], truncated: true },
            chart: { kind: 'line', title: hostile, labels: [hostile, 'b'], series: [{ name: hostile, values: [1, 2] }] },
            recommendations: [hostile],
          },
        }),
      }),
    );
    await ask(page, 'Show me viral dessert content');
    const answer = page.locator('.turn--answer');
    await expect(answer.locator('img, script, b').count()).resolves.toBe(0);
    await expect(answer.locator('a').count()).resolves.toBe(0);
    await expect(answer.locator('.answer-text p').textContent()).resolves.toBe(`Caption: ${hostile}`);
    await expect(answer.locator('td').first().textContent()).resolves.toBe(hostile);
    await expect(answer.locator('caption').textContent()).resolves.toContain('truncated');
    await expect(answer.locator('figure.chart figcaption').textContent()).resolves.toBe(hostile);
    await expect(answer.locator('.badge').textContent()).resolves.toBe('Confidence: LOW');
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
  });

  it('fits a 375px phone screen', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await open();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
    await ask(page, 'Top 10 posts by likes in NYC');
    // The page itself never scrolls sideways; a wide table scrolls inside its own labelled region.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
    const chartBox = await page.locator('figure.chart svg').boundingBox();
    expect(chartBox!.x).toBeGreaterThanOrEqual(0);
    expect(chartBox!.x + chartBox!.width).toBeLessThanOrEqual(375);
    const askBox = await page.locator('#ask').boundingBox();
    expect(askBox!.height).toBeGreaterThanOrEqual(44);
    expect(askBox!.x + askBox!.width).toBeLessThanOrEqual(375);
    const chartText = await page.locator('figure.chart svg text').first().evaluate((t) => t.getBoundingClientRect().height);
    expect(chartText).toBeGreaterThanOrEqual(11); // chart text is drawn at its real size, not shrunk to fit
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'chat-page-375.png') });
  });

  it('works from the keyboard with a visible focus ring, labels and AA contrast', async () => {
    await open();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip-link');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('new-conversation');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');

    await expect(page.locator('label[for="question"]').textContent()).resolves.toBe('Your question');
    const introRatios: Record<string, number> = {};
    for (const selector of ['body', '.subtitle', '.intro p', '.suggestion', '#new-conversation', 'label']) {
      introRatios[selector] = await contrastOf(page, selector);
    }
    await page.locator('.suggestion').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('.turn--answer').waitFor();
    await expect(page.locator('#conversation').getAttribute('role')).resolves.toBe('log');

    // Shift+Enter adds a line instead of sending.
    await page.locator('#question').focus();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await expect(page.locator('#question').inputValue()).resolves.toBe('first line\nsecond line');
    await expect(page.locator('.turn--question').count()).resolves.toBe(1);

    const ratios: Record<string, number> = { ...introRatios };
    for (const selector of ['.turn--question', '.badge', '.answer-meta', '.data-table th', '.data-table td', '.answer-sources a', '.source-type', '.hint', '.session', '#ask']) {
      ratios[selector] = await contrastOf(page, selector);
    }
    expect(Object.entries(ratios).filter(([, ratio]) => ratio < 4.5)).toEqual([]);
  });
});
