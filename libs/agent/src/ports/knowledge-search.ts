export interface KnowledgeFilters {
  readonly city?: string;
  readonly creator?: string;
  readonly minLikes?: number;
  /** Post ids to leave out (e.g. the posts the user already saw). */
  readonly excludePostIds?: readonly string[];
}

export interface KnowledgeHit {
  readonly postId: string;
  readonly creator?: string;
  readonly score: number;
  readonly snippet: string;
  /** Document uri (s3://... or local path) for citations. */
  readonly uri?: string;
  readonly postUrl?: string;
}

/** Semantic / BM25 search over post documents: local index offline, Retrieve in AWS. */
export interface KnowledgeSearch {
  search(text: string, filters: KnowledgeFilters, limit: number): Promise<KnowledgeHit[]>;
}

/** Fake: ranks documents by how many query words they contain (enough to test the agent's planning). */
export class InMemoryKnowledgeSearch implements KnowledgeSearch {
  readonly queries: { text: string; filters: KnowledgeFilters; limit: number }[] = [];
  constructor(private readonly docs: (KnowledgeHit & { city?: string; text: string })[]) {}

  async search(text: string, filters: KnowledgeFilters, limit: number): Promise<KnowledgeHit[]> {
    this.queries.push({ text, filters, limit });
    const words = text
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 2);
    return this.docs
      .filter((d) => !filters.city || d.city?.toLowerCase() === filters.city.toLowerCase())
      .filter((d) => !filters.excludePostIds?.includes(d.postId))
      .map((d) => ({ d, score: words.filter((w) => d.text.toLowerCase().includes(w)).length }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.d.postId.localeCompare(b.d.postId))
      .slice(0, limit)
      .map(({ d, score }) => ({
        postId: d.postId,
        creator: d.creator,
        score,
        snippet: d.snippet,
        uri: d.uri,
        postUrl: d.postUrl,
      }));
  }
}
