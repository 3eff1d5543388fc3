import type { AgentClock } from '../ports/clock';
import type { Intent } from './intent';

/** What a later turn may refer to: the question answered and the posts it showed. */
export interface TurnContext {
  readonly intent: Exclude<Intent, { kind: 'help' | 'similar-previous' | 'compare-previous-period' }>;
  /** Last day of the window the turn used (YYYY-MM-DD). */
  readonly asOf: string;
  readonly posts: readonly { postId: string; text: string }[];
}

export interface SessionStoreOptions {
  /** Idle time after which a session is forgotten; default one hour (as Bedrock's idleSessionTTL default). */
  readonly idleMs?: number;
  /** Upper bound on live sessions; the least recently used goes first. */
  readonly maxSessions?: number;
}

/** In-memory conversation state keyed by sessionId, with an idle time-out. */
export class SessionStore {
  private readonly sessions = new Map<string, { touched: number; last?: TurnContext }>();
  private readonly idleMs: number;
  private readonly maxSessions: number;

  constructor(
    private readonly clock: AgentClock,
    options: SessionStoreOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 60 * 60 * 1000;
    this.maxSessions = options.maxSessions ?? 10_000;
  }

  /** The previous turn of a live session, refreshing its idle timer; undefined when new or expired. */
  last(sessionId: string): TurnContext | undefined {
    const now = this.clock.now().getTime();
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    if (now - session.touched > this.idleMs) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return session.last;
  }

  remember(sessionId: string, context: TurnContext | undefined): void {
    const previous = this.sessions.get(sessionId);
    this.sessions.delete(sessionId); // re-insert: Map order is the LRU order
    this.sessions.set(sessionId, { touched: this.clock.now().getTime(), last: context ?? previous?.last });
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
  }

  get size(): number {
    return this.sessions.size;
  }
}
