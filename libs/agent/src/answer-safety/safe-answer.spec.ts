import type { AgentAnswer } from '../ports/agent-port';
import { isInstagramUrl, safeAnswer } from './safe-answer';

describe('safeAnswer', () => {
  const answer: AgentAnswer = {
    response:
      'Top post by @joes https://www.instagram.com/p/C1234567890/ “Call 212–555–0199 or +33 1 42 68 53 00” [1]\nConfidence: LOW',
    sources: [
      { type: 'sql', title: 'post p1', uri: 'javascript:alert(1)' },
      { type: 'sql', title: 'post p2', uri: 'https://www.instagram.com/p/C1/' },
      { type: 'sql', title: 'post p3', uri: 'http://www.instagram.com/p/C3/' },
      { type: 'sql', title: 'post p4', uri: 'https://instagram.com.evil.example/p/C4/' },
      { type: 'knowledge', title: 'post p5', detail: 's3://kb/posts/p5.txt', uri: 'https://evil.example/p5' },
    ],
    confidence: 'LOW',
    data: {
      table: {
        columns: ['post_url', 'caption', 'likes'],
        rows: [['https://www.instagram.com/p/2125550199/', 'Call ２１２-５５５-０１９９', 5]],
        truncated: false,
      },
      chart: { kind: 'bar', title: 'Call 2125550199', labels: ['212 555 0199'], series: [{ name: 'x', values: [1] }] },
      recommendations: ['Text 415.555.0188 to book'],
    },
  };

  it('masks phones in prose, cells, charts and recommendations, but not inside URLs', () => {
    const safe = safeAnswer(answer);
    expect(safe.response).toBe(
      'Top post by @joes https://www.instagram.com/p/C1234567890/ “Call 212****99 or +33****00” [1]\nConfidence: LOW',
    );
    expect(safe.data!.table!.rows).toEqual([['https://www.instagram.com/p/2125550199/', 'Call ２１２****９９', 5]]);
    expect(safe.data!.chart).toMatchObject({ title: 'Call 212****99', labels: ['212****99'] });
    expect(safe.data!.recommendations).toEqual(['Text 415****88 to book']);
  });

  it('keeps a source link only for an https Instagram URL', () => {
    expect(safeAnswer(answer).sources.map((s) => s.uri)).toEqual([
      undefined,
      'https://www.instagram.com/p/C1/',
      undefined,
      undefined,
      undefined,
    ]);
    expect(safeAnswer(answer).sources[4]).toEqual({
      type: 'knowledge',
      title: 'post p5',
      detail: 's3://kb/posts/p5.txt',
    });
  });

  it.each([
    ['https://www.instagram.com/p/C1/', true],
    ['https://instagram.com/reel/x', true],
    ['https://m.instagram.com/p/x', true],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['http://www.instagram.com/p/x', false],
    ['https://user:pw@www.instagram.com/p/x', false],
    ['https://www.instagram.com:8443/p/x', false],
    ['https://instagram.com.evil.example/', false],
    ['https://evilinstagram.com/', false],
  ])('isInstagramUrl(%j) = %p', (url, ok) => {
    expect(isInstagramUrl(url)).toBe(ok);
  });
});
