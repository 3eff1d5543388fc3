import type { AgentPort } from '../ports/agent-port';
import { ManualClock } from '../ports/clock';
import { InMemoryKnowledgeSearch } from '../ports/knowledge-search';
import { ScriptedSqlTool } from '../ports/sql-tool';
import { InMemoryTrendsTool } from '../ports/trends-tool';
import { type ChatMessage, ChatModelError, ScriptedChatModel } from './chat-model';
import { LAKE_TOOLS } from './lake-tools';
import { LlmAgent } from './llm-agent';

const sqlCall = (sql: string, id = 'call_1') => ({
  content: null,
  toolCalls: [{ id, name: 'run_sql', arguments: JSON.stringify({ sql }) }],
});
const say = (content: string) => ({ content, toolCalls: [] });

function setup(turns: ConstructorParameters<typeof ScriptedChatModel>[0], fallback?: AgentPort) {
  const sql = new ScriptedSqlTool()
    .on(/AS latest_posted_date/, [{ latest_posted_date: '2026-06-29', loaded_at: '2026-06-30 08:00:00', posts: 120 }])
    .on(/FROM posts/, [{ handle: 'joes_pizza', likes: 3606, post_url: 'https://www.instagram.com/p/Dabc123/' }]);
  const model = new ScriptedChatModel(turns);
  const errors: unknown[] = [];
  const agent = new LlmAgent(
    model,
    { sql, trends: new InMemoryTrendsTool({}), knowledge: new InMemoryKnowledgeSearch([]) },
    new ManualClock(new Date('2026-06-30T12:00:00Z')),
    { fallback, onError: (e) => errors.push(e) },
  );
  return { agent, model, sql, errors };
}

describe('LlmAgent', () => {
  it('runs the tool calls, hands results back, and answers with sources and the data freshness', async () => {
    const { agent, model, sql } = setup([
      sqlCall('SELECT handle, likes, post_url FROM posts ORDER BY likes DESC LIMIT 1'),
      say('@joes_pizza leads with 3,606 likes: https://www.instagram.com/p/Dabc123/ and see http://evil.example/x'),
    ]);
    const a = await agent.ask('s1', 'Top post by likes?');
    expect(sql.statements).toContain('SELECT handle, likes, post_url FROM posts ORDER BY likes DESC LIMIT 1');
    const second = model.requests[1];
    expect(second.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'call_1' });
    expect((second.at(-1) as Extract<ChatMessage, { role: 'tool' }>).content).toContain('3606');
    expect(a.response).toContain('3,606 likes');
    expect(a.response).toContain('[link removed]');
    expect(a.response).toContain('Data freshness: latest post 2026-06-29');
    expect(a.sources).toEqual([
      expect.objectContaining({ type: 'sql', detail: expect.stringContaining('ORDER BY likes DESC') }),
      { type: 'sql', title: 'post https://www.instagram.com/p/Dabc123/', uri: 'https://www.instagram.com/p/Dabc123/' },
    ]);
  });

  it('puts the semantic views in front of SQL that reads them, and shows the SQL that ran', async () => {
    const { agent, sql } = setup([sqlCall('SELECT city, avg(likes) AS a FROM scope GROUP BY city'), say('Done.')]);
    const a = await agent.ask('s1', 'avg likes per city');
    const ran = sql.statements.find((s) => s.includes('GROUP BY city'))!;
    expect(ran).toMatch(/^WITH profiles AS \(/);
    expect(ran).toContain('scope AS (SELECT * FROM facts');
    expect(a.sources[0].detail).toBe(ran);
  });

  it('gives the model the three tools, the response rules and the anchor day', async () => {
    const { agent, model } = setup([say('No data needed.')]);
    await agent.ask('s1', 'hi');
    const system = model.requests[0][0];
    expect(system).toMatchObject({ role: 'system' });
    expect((system as { content: string }).content).toContain('Every number comes from a tool result');
    expect((system as { content: string }).content).toContain('this week is the 7 days ending 2026-06-29');
    expect(LAKE_TOOLS.map((t) => t.name)).toEqual(['run_sql', 'get_trends', 'search_posts']);
    expect(LAKE_TOOLS[0].description).toContain('engagement = likes + comments');
    expect(LAKE_TOOLS[0].description.length).toBeLessThan(8000);
  });

  it('catches a number the tools did not return, removes it and says so', async () => {
    const { agent } = setup([sqlCall('SELECT likes FROM posts'), say('It has 3,606 likes, up 42% on last month.')]);
    const a = await agent.ask('s1', 'How is it doing?');
    expect(a.response).toContain('up [unverified] on last month');
    expect(a.response).toContain('Number check: 1 number in the model');
    expect(a.data!.assumptions).toEqual(['Removed numbers not found in the tool results: 1.']);
  });

  it('returns tool errors to the model so it can correct itself', async () => {
    const { agent, model } = setup([
      { content: null, toolCalls: [{ id: 'c1', name: 'run_sql', arguments: '{not json' }] },
      sqlCall('SELECT likes FROM posts', 'c2'),
      say('3,606 likes.'),
    ]);
    const a = await agent.ask('s1', 'likes?');
    expect((model.requests[1].at(-1) as { content: string }).content).toContain('INVALID_ARGUMENTS');
    expect(a.response).toContain('3,606 likes.');
  });

  it('falls back to the offline agent when the model is unreachable, and says so', async () => {
    const fallback: AgentPort = {
      kind: 'local',
      ask: async () => ({ response: 'offline answer', sources: [], confidence: 'LOW' }),
    };
    const { agent, errors } = setup([new ChatModelError('unreachable', 'connect ECONNREFUSED')], fallback);
    const a = await agent.ask('s1', 'Top posts?');
    expect(a.response).toMatch(
      /could not answer \(unreachable\); this answer comes from the offline agent\.\n\noffline answer/,
    );
    expect(errors).toHaveLength(1);
  });

  it('falls back when the model never stops calling tools', async () => {
    const fallback: AgentPort = {
      kind: 'local',
      ask: async () => ({ response: 'offline', sources: [], confidence: 'LOW' }),
    };
    const { agent } = setup(
      Array.from({ length: 10 }, (_, i) => sqlCall('SELECT likes FROM posts', `c${i}`)),
      fallback,
    );
    expect((await agent.ask('s1', 'loop')).response).toContain('bad-response');
  });

  it('keeps a short history per session so follow-ups have context', async () => {
    const { agent, model } = setup([sqlCall('SELECT likes FROM posts'), say('3,606 likes.'), say('Still 3,606.')]);
    await agent.ask('s1', 'likes?');
    await agent.ask('s1', 'and now?');
    expect(model.requests[2].map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });
});
