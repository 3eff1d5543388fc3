import type { PostSearchAnswer, SearchPostsQuery } from '@instalake/knowledge';
import type { KnowledgeFilters, KnowledgeHit, KnowledgeSearch } from '../ports/knowledge-search';

/** The part of the SearchPosts use case (knowledge lib) the agent uses. */
export interface PostSearch {
  execute(query: SearchPostsQuery): Promise<PostSearchAnswer>;
}

const MAX_LIMIT = 50;

/** KnowledgeSearch over SearchPosts: local BM25 offline, Bedrock Retrieve in AWS, same use case. */
export class SearchPostsKnowledgeSearch implements KnowledgeSearch {
  constructor(private readonly searchPosts: PostSearch) {}

  async search(text: string, filters: KnowledgeFilters, limit: number): Promise<KnowledgeHit[]> {
    const excluded = new Set(filters.excludePostIds ?? []);
    const answer = await this.searchPosts.execute({
      text: text.slice(0, 1000),
      ...(filters.city ? { city: filters.city } : {}),
      ...(filters.creator ? { creator: filters.creator } : {}),
      ...(filters.minLikes !== undefined ? { minLikes: filters.minLikes } : {}),
      limit: Math.min(MAX_LIMIT, limit + excluded.size),
    });
    return answer.results
      .filter((r) => !excluded.has(r.post_id))
      .slice(0, limit)
      .map((r) => ({
        postId: r.post_id,
        creator: r.metadata.creator,
        score: r.score,
        snippet: r.snippet,
        ...(r.uri ? { uri: r.uri } : {}),
        ...(r.metadata.post_url ? { postUrl: r.metadata.post_url } : {}),
      }));
  }
}
