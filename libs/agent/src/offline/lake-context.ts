import { FRESHNESS_SQL, readVocabulary, VocabularyIndex } from '@instalake/semantic';
import type { AgentClock } from '../ports/clock';
import type { SqlTool } from '../ports/sql-tool';
import type { Freshness } from './answer-draft';

export interface LakeContext {
  /** The day rolling windows count back from: the latest posted_date, never after today. */
  readonly anchor: string;
  readonly freshness: Freshness;
  readonly posts: number;
  readonly vocabulary: VocabularyIndex;
}

/**
 * Freshness and the lake's vocabulary (accounts, cities, hashtags, cuisines) for the parser. Read per question so
 * answers follow the data, not the wall clock; the vocabulary index is rebuilt only when the data changed.
 */
export class LakeContextReader {
  private cached?: { key: string; index: VocabularyIndex };

  constructor(
    private readonly sql: SqlTool,
    private readonly clock: AgentClock,
  ) {}

  async read(): Promise<LakeContext> {
    const row = (await this.sql.run(FRESHNESS_SQL)).rows[0] ?? {};
    const latest = typeof row.latest_posted_date === 'string' ? row.latest_posted_date.slice(0, 10) : undefined;
    const loaded = typeof row.loaded_at === 'string' ? row.loaded_at.slice(0, 19) : undefined;
    const today = this.clock.now().toISOString().slice(0, 10);
    const key = JSON.stringify([latest, loaded, row.posts]);
    if (this.cached?.key !== key) {
      const vocabulary = await readVocabulary(async (sql) => (await this.sql.run(sql)).rows[0]);
      this.cached = { key, index: new VocabularyIndex(vocabulary) };
    }
    return {
      anchor: latest && latest < today ? latest : today,
      freshness: { ...(latest ? { latestPostedDate: latest } : {}), ...(loaded ? { loadedAt: loaded } : {}) },
      posts: Number(row.posts ?? 0),
      vocabulary: this.cached.index,
    };
  }
}
