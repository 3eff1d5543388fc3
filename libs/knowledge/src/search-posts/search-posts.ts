import { maskPhonesInText } from '@instalake/lake-schema';
import { canonicalCity } from '../documents/city';
import { PostMetadata } from '../documents/post-metadata';
import { normaliseCreator } from '../documents/text';
import { InvalidSearchError } from '../errors';
import { KnowledgeBase, RetrievalFilters } from '../ports/knowledge-base';
import { snippetOf } from './snippet';

export interface SearchPostsQuery {
  readonly text: string;
  readonly city?: string;
  readonly creator?: string;
  readonly minLikes?: number;
  readonly limit?: number;
}

/** One post found, shaped like a Bedrock Retrieve result. */
export interface PostSearchResult {
  readonly post_id: string;
  readonly score: number;
  readonly snippet: string;
  readonly metadata: PostMetadata;
  readonly uri?: string;
}

export interface PostSearchAnswer {
  readonly query: string;
  /** The filters as applied (city canonical, creator without "@"). */
  readonly filters: RetrievalFilters;
  readonly results: PostSearchResult[];
}

export const MAX_SEARCH_LIMIT = 50;

/**
 * "Find posts similar to 'rustic pasta plating'": asks the knowledge base, keeps the best chunk per post,
 * and returns post ids, scores, snippets and metadata. Filters are normalised so "NYC" finds New York posts.
 */
export class SearchPosts {
  constructor(private readonly knowledgeBase: KnowledgeBase) {}

  async execute(query: SearchPostsQuery): Promise<PostSearchAnswer> {
    const text = query.text?.trim() ?? '';
    if (!text)
      throw new InvalidSearchError(
        'The search text is empty: say what the posts should look like, e.g. "rustic pasta plating".',
      );
    if (text.length > 1000) throw new InvalidSearchError('The search text is longer than 1000 characters: shorten it.');
    const limit = query.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new InvalidSearchError(`limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT} (got ${query.limit}).`);
    }
    if (query.minLikes !== undefined && (!Number.isInteger(query.minLikes) || query.minLikes < 0)) {
      throw new InvalidSearchError(`min likes must be a whole number >= 0 (got ${query.minLikes}).`);
    }
    const filters: RetrievalFilters = {
      ...(query.city?.trim() ? { city: canonicalCity(query.city) } : {}),
      ...(query.creator?.trim() ? { creator: normaliseCreator(query.creator) } : {}),
      ...(query.minLikes !== undefined ? { minLikes: query.minLikes } : {}),
    };
    // Chunks, not posts: ask for more so that de-duplicating per post still fills the limit.
    const chunks = await this.knowledgeBase.retrieve({ query: text, filters, limit: Math.min(100, limit * 2) });
    const best = new Map<string, PostSearchResult>();
    for (const chunk of chunks) {
      const postId = chunk.metadata.post_id;
      if (!postId) continue;
      const current = best.get(postId);
      if (current && current.score >= chunk.score) continue;
      best.set(postId, {
        post_id: postId,
        score: chunk.score,
        // Masked before cutting, so a cut never leaves part of a number unmasked (older documents may hold raw text).
        snippet: snippetOf(maskPhonesInText(chunk.text), text),
        metadata: chunk.metadata,
        uri: chunk.uri,
      });
    }
    const results = [...best.values()]
      .sort((a, b) => b.score - a.score || (a.post_id < b.post_id ? -1 : 1))
      .slice(0, limit);
    return { query: text, filters, results };
  }
}
