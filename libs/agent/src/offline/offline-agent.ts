import { InstalakeError } from '@instalake/errors';
import { parseQuestion } from '@instalake/semantic';
import type { AgentAnswer, AgentPort } from '../ports/agent-port';
import type { AgentClock } from '../ports/clock';
import type { AgentTools } from './answers/answer-context';
import { executePlan } from './answers/execute-plan';
import { helpAnswer } from './answers/help-answer';
import { LakeContextReader } from './lake-context';
import { SessionStore, type SessionStoreOptions } from './session-store';

export interface OfflineAgentOptions extends SessionStoreOptions {
  /** Reports a failed tool call (no user text); the user gets a helpful answer instead of an exception. */
  readonly onToolError?: (error: unknown, operation: string) => void;
}

/**
 * The local agent (`AGENT=local`): reads each question into a plan of the semantic layer, compiles it to SQL that
 * runs through the query guard (or to a knowledge search), and writes the answer from the results. Numbers come only
 * from tool results; scraped text is quoted as data, never obeyed.
 */
export class OfflineAgent implements AgentPort {
  readonly kind = 'local';
  private readonly sessions: SessionStore;
  private readonly lake: LakeContextReader;

  constructor(
    private readonly tools: AgentTools,
    clock: AgentClock,
    private readonly options: OfflineAgentOptions = {},
  ) {
    this.sessions = new SessionStore(clock, options);
    this.lake = new LakeContextReader(tools.sql, clock);
  }

  async ask(sessionId: string, text: string): Promise<AgentAnswer> {
    let operation = 'read the lake';
    try {
      const lake = await this.lake.read();
      const previous = this.sessions.last(sessionId);
      const parsed = parseQuestion(text, { anchor: lake.anchor, vocabulary: lake.vocabulary, previous });
      const cities = [...lake.vocabulary.lakeCities.keys()];
      if (parsed.kind === 'unanswerable') {
        this.sessions.remember(sessionId, undefined);
        return helpAnswer(parsed.message, parsed.suggestions, {
          cities,
          posts: lake.posts,
          accounts: lake.vocabulary.vocabulary.accounts.length,
        });
      }
      operation = parsed.plan.op;
      const result = await executePlan(
        {
          ...this.tools,
          anchor: lake.anchor,
          freshness: lake.freshness,
          readings: parsed.readings,
          vocabulary: lake.vocabulary,
        },
        parsed.plan,
      );
      const ranks = parsed.plan.op !== 'similar' && parsed.plan.op !== 'profile';
      const basis = ranks
        ? undefined
        : (previous?.basis ?? (previous && previous.plan.op !== 'similar' ? previous.plan : undefined));
      this.sessions.remember(sessionId, { plan: parsed.plan, focus: result.focus, ...(basis ? { basis } : {}) });
      return result.answer;
    } catch (error) {
      this.options.onToolError?.(error, operation);
      this.sessions.remember(sessionId, undefined);
      const code = error instanceof InstalakeError ? error.code : undefined;
      return helpAnswer(
        `I could not answer that: a data tool failed${typeof code === 'string' ? ` (${code})` : ''}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. Check that the lake has data (instalake ingest) and try again.`,
        [],
        { cities: [] },
      );
    }
  }
}
