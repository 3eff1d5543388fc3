import type { AgentAnswer } from '../../ports/agent-port';
import type { KnowledgeSearch } from '../../ports/knowledge-search';
import type { SqlTool } from '../../ports/sql-tool';
import type { TrendsTool } from '../../ports/trends-tool';
import type { Freshness } from '../answer-draft';
import type { City } from '../cities';
import type { TurnContext } from '../session-store';

export interface AgentTools {
  readonly sql: SqlTool;
  readonly trends: TrendsTool;
  readonly knowledge: KnowledgeSearch;
}

export interface SkillContext extends AgentTools {
  /** The day answers are "as of": the latest posted_date in the lake (never after today). */
  readonly asOf: string;
  readonly freshness: Freshness;
  /** The previous turn of this session, if any. */
  readonly previous?: TurnContext;
}

export interface SkillResult {
  readonly answer: AgentAnswer;
  /** What later turns may refer to; undefined keeps the previous context. */
  readonly context?: TurnContext;
}

export function cityNote(city: City | undefined): string {
  return city
    ? `City: "${city.short}" read as ${city.name} (a post counts when its creator's restaurant profile is in ${city.name}, or, for creators without a profile, its search term names the city; aliases: ${city.aliases.join(', ')}).`
    : 'City: none named, so all cities in the lake.';
}

export const ENGAGEMENT_NOTE =
  'Metric: engagement = likes + comments per post; posts with hidden likes (NULL) are left out of rankings and averages.';
