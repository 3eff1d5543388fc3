import { InstalakeError } from '@instalake/errors';
import type { AgentAnswer, AgentPort } from '../ports/agent-port';
import type { AgentClock } from '../ports/clock';
import { parseIntent } from './intent';
import { FRESHNESS_SQL } from './lake-sql';
import { SessionStore, type SessionStoreOptions } from './session-store';
import { compareAccount } from './skills/compare-account';
import { helpAnswer } from './skills/help';
import type { AgentTools, SkillContext, SkillResult } from './skills/skill-context';
import { similarToPrevious, similarToText } from './skills/similar-posts';
import { successFactors } from './skills/success-factors';
import { compareTopPosts, topPosts } from './skills/top-posts';
import { trendingHashtags } from './skills/trending-hashtags';
import { viralContent } from './skills/viral-content';
import { CITIES } from './cities';
import { shiftDay } from './answer-draft';

export interface OfflineAgentOptions extends SessionStoreOptions {
  /** Reports a failed tool call (no user text); the user gets a helpful answer instead of an exception. */
  readonly onToolError?: (error: unknown, intent: string) => void;
}

/**
 * The local agent (`AGENT=local`): a deterministic planner over the same tools the Bedrock Agent calls
 * (guarded SQL, trends, knowledge search). Numbers come only from tool results; data is quoted, never obeyed.
 */
export class OfflineAgent implements AgentPort {
  readonly kind = 'local';
  private readonly sessions: SessionStore;

  constructor(
    private readonly tools: AgentTools,
    private readonly clock: AgentClock,
    private readonly options: OfflineAgentOptions = {},
  ) {
    this.sessions = new SessionStore(clock, options);
  }

  async ask(sessionId: string, text: string): Promise<AgentAnswer> {
    const previous = this.sessions.last(sessionId);
    const intent = parseIntent(text);
    if (intent.kind === 'help') {
      this.sessions.remember(sessionId, undefined);
      return helpAnswer();
    }
    try {
      const ctx = await this.context(previous);
      let result: SkillResult;
      switch (intent.kind) {
        case 'top-posts':
          result = await topPosts(ctx, intent);
          break;
        case 'similar-text':
          result = await similarToText(ctx, intent.text, intent.city);
          break;
        case 'similar-previous':
          if (!previous?.posts.length)
            return this.remembered(
              sessionId,
              helpAnswer(
                '"Similar ones" needs a list of posts earlier in this session (or the session expired after an hour idle). Ask for posts first, e.g. "Top 10 posts in NYC".',
              ),
            );
          // Keep the earlier question as the session's anchor so "compare to last week" still refers to it.
          result = { answer: (await similarToPrevious(ctx, previous)).answer };
          break;
        case 'compare-previous-period':
          result = await this.comparePrevious(ctx, intent.days, previous);
          break;
        case 'compare-account':
          result = await compareAccount(ctx, intent.handle);
          break;
        case 'trending-hashtags':
          if (!intent.city)
            return this.remembered(
              sessionId,
              helpAnswer(
                `Which city? Trends are per city, e.g. "Trending hashtags this week in SF". Cities I know: ${CITIES.map((c) => c.short).join(', ')}.`,
              ),
            );
          result = await trendingHashtags(ctx, intent.city, intent.days);
          break;
        case 'success-factors':
          result = await successFactors(ctx, intent.topic, intent.city);
          break;
        case 'viral-content':
          result = await viralContent(ctx, intent.topic, intent.city);
          break;
      }
      this.sessions.remember(sessionId, result.context);
      return result.answer;
    } catch (error) {
      this.options.onToolError?.(error, intent.kind);
      const code = error instanceof InstalakeError ? error.code : undefined;
      return this.remembered(
        sessionId,
        helpAnswer(
          `I could not answer that: a data tool failed${typeof code === 'string' ? ` (${code})` : ''}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. Check that the lake has data (instalake ingest) and try again.`,
        ),
      );
    }
  }

  private remembered(sessionId: string, answer: AgentAnswer): AgentAnswer {
    this.sessions.remember(sessionId, undefined);
    return answer;
  }

  private async comparePrevious(
    ctx: SkillContext,
    days: number,
    previous: SkillContext['previous'],
  ): Promise<SkillResult> {
    const intent = previous?.intent;
    if (intent?.kind === 'top-posts') return compareTopPosts(ctx, intent, days, previous!.asOf);
    if (intent?.kind === 'trending-hashtags' && intent.city) {
      const result = await trendingHashtags(ctx, intent.city, intent.days, shiftDay(previous!.asOf, -days));
      return { answer: result.answer };
    }
    return {
      answer: helpAnswer(
        '"Compare to last week" repeats an earlier ranking or trend question over the previous week. Ask one first, e.g. "Top 10 posts in NYC" or "Trending hashtags this week in SF".',
      ),
    };
  }

  /** Freshness is read per question so "as of" follows the data, not the wall clock: same question, same numbers. */
  private async context(previous: SkillContext['previous']): Promise<SkillContext> {
    const row = (await this.tools.sql.run(FRESHNESS_SQL)).rows[0] ?? {};
    const latest = typeof row.latest_posted_date === 'string' ? row.latest_posted_date.slice(0, 10) : undefined;
    const today = this.clock.now().toISOString().slice(0, 10);
    const loaded = typeof row.loaded_at === 'string' ? row.loaded_at.slice(0, 19) : undefined;
    return {
      ...this.tools,
      asOf: latest && latest < today ? latest : today,
      freshness: { ...(latest ? { latestPostedDate: latest } : {}), ...(loaded ? { loadedAt: loaded } : {}) },
      previous,
    };
  }
}
