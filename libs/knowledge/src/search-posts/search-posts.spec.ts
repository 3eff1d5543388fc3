import { InvalidSearchError } from '../errors';
import { InMemoryKnowledgeBase, RetrievedChunk } from '../ports/knowledge-base';
import { SearchPosts } from './search-posts';
import { snippetOf } from './snippet';

const chunk = (post_id: string, score: number, text = `Caption: post ${post_id}`): RetrievedChunk => ({
  text,
  score,
  uri: `s3://kb/posts/${post_id}.txt`,
  metadata: { post_id, creator: 'a', hashtags: [] },
});

describe('SearchPosts', () => {
  it('normalises filters, keeps the best chunk per post and orders by score', async () => {
    const kb = new InMemoryKnowledgeBase([chunk('p1', 0.4), chunk('p2', 0.9), chunk('p1', 0.7), chunk('p3', 0.1)]);
    const answer = await new SearchPosts(kb).execute({
      text: ' rustic pasta ',
      city: 'nyc',
      creator: '@Joes',
      minLikes: 10,
      limit: 2,
    });
    expect(kb.requests[0]).toEqual({
      query: 'rustic pasta',
      filters: { city: 'New York', creator: 'joes', minLikes: 10 },
      limit: 4,
    });
    expect(answer.results.map((r) => [r.post_id, r.score])).toEqual([
      ['p2', 0.9],
      ['p1', 0.7],
    ]);
    expect(answer.results[0]).toMatchObject({ uri: 's3://kb/posts/p2.txt', snippet: 'Caption: post p2' });
  });

  it('masks phone numbers in snippets, also of documents written before masking covered their format', async () => {
    const text = `Caption: ${'pasta '.repeat(60)}call 212\u2013555\u20130199 or +33 1 42 68 53 00`;
    const answer = await new SearchPosts(new InMemoryKnowledgeBase([chunk('p1', 0.5, text)])).execute({ text: 'call' });
    expect(answer.results[0].snippet).toContain('call 212****99 or +33****00');
  });

  it.each([
    [{ text: '  ' }, /empty/],
    [{ text: 'x', limit: 0 }, /limit/],
    [{ text: 'x', limit: 500 }, /limit/],
    [{ text: 'x', minLikes: -1 }, /min likes/],
  ])('refuses %p', async (query, message) => {
    await expect(new SearchPosts(new InMemoryKnowledgeBase()).execute(query)).rejects.toThrow(InvalidSearchError);
    await expect(new SearchPosts(new InMemoryKnowledgeBase()).execute(query)).rejects.toThrow(message);
  });
});

describe('snippetOf', () => {
  it('returns short text whole and cuts long text around the first query word', () => {
    expect(snippetOf('Caption: short', 'pasta')).toBe('Caption: short');
    const long = `Caption: ${'filler words '.repeat(30)}rustic plating of pasta ${'more filler '.repeat(30)}`;
    const s = snippetOf(long, 'the rustic pasta', 80);
    expect(s).toContain('rustic plating of pasta');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(82);
  });
});
