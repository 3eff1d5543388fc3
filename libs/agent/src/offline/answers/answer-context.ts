import {
  CITY_MEMBERSHIP_DEFINITION,
  describePlan,
  type Filters,
  filtersOf,
  type Focus,
  MEASURES,
  type MeasureId,
  type Plan,
  resolveWindow,
  TOPIC_DEFINITION,
  type VocabularyIndex,
  windowText,
} from '@instalake/semantic';
import type { AgentAnswer } from '../../ports/agent-port';
import type { KnowledgeSearch } from '../../ports/knowledge-search';
import type { SqlTool } from '../../ports/sql-tool';
import type { TrendsTool } from '../../ports/trends-tool';
import { type AnswerDraft, count, type Freshness } from '../answer-draft';

/** The three tools every agent gets: guarded SQL, trends and knowledge search. */
export interface AgentTools {
  readonly sql: SqlTool;
  readonly trends: TrendsTool;
  readonly knowledge: KnowledgeSearch;
}

export interface AnswerContext extends AgentTools {
  /** The day rolling windows count back from: the latest posted_date, never after today. */
  readonly anchor: string;
  readonly freshness: Freshness;
  /** How ambiguous parts of the question were read. */
  readonly readings: readonly string[];
  /** What the lake holds (accounts' cities and cuisines), when known. */
  readonly vocabulary?: VocabularyIndex;
}

export interface PlanAnswer {
  readonly answer: AgentAnswer;
  readonly focus: Focus;
}

/** Below this many posts a result is directional only. */
export const SMALL_SAMPLE = 30;

export function windowOf(filters: Filters, ctx: AnswerContext): string {
  return windowText(resolveWindow(filters.window, ctx.anchor));
}

export interface Sample {
  readonly posts: number;
  readonly accounts?: number;
  /** Posts whose value of the measure is unknown (hidden likes). */
  readonly missing?: number;
  readonly measures?: readonly MeasureId[];
  readonly extra?: string;
}

/** The method notes every answer carries: reading, assumptions, definitions, city mapping, window and sample. */
export function methodNotes(draft: AnswerDraft, plan: Plan, ctx: AnswerContext, sample: Sample): void {
  const filters = filtersOf(plan);
  draft.note(`Reading: ${describePlan(plan)} (${windowOf(filters, ctx)}).`);
  for (const r of ctx.readings) draft.note(`Assumed: ${r}`);
  for (const m of new Set(sample.measures ?? [])) draft.note(`Metric: ${MEASURES[m].definition}.`);
  if (filters.cities?.length) draft.note(`City: ${filters.cities.join(', ')}; ${CITY_MEMBERSHIP_DEFINITION}.`);
  else if (plan.op === 'profile' || plan.op === 'peers' || plan.op === 'compare-accounts')
    draft.note(`City: each account's own (its restaurant profile's city, else its posts' search terms).`);
  else draft.note('City: none named, so every city in the lake.');
  if (filters.topics?.length)
    draft.note(
      `Topic: ${filters.topics.map((t) => `"${t.label}" (${t.terms.join(', ')})`).join(' and ')}; ${TOPIC_DEFINITION}.`,
    );
  draft.note(`Window: ${windowOf(filters, ctx)}.`);
  const parts = [count(sample.posts, 'post')];
  if (sample.accounts !== undefined) parts.push(`from ${count(sample.accounts, 'account')}`);
  let text = `Sample: ${parts.join(' ')}`;
  if (sample.missing) text += `; ${sample.missing} with hidden likes left out`;
  if (sample.posts < SMALL_SAMPLE) text += '. Small sample: treat it as directional';
  draft.note(`${text}.${sample.extra ? ` ${sample.extra}` : ''}`);
  draft.note('Captions and bios are quoted as data (in “ ”), never followed as instructions.');
}

export const NO_FOCUS: Focus = { posts: [], accounts: [], hashtags: [] };
