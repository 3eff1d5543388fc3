import type { Turn } from '@instalake/semantic';
import type { AgentClock } from '../ports/clock';

export type { Turn } from '@instalake/semantic';

export interface SessionStoreOptions {
  /** Idle time after which a session is forgotten; default one hour (as Bedrock's idleSessionTTL default). */
  readonly idleMs?: number;
  /** Upper bound on live sessions; the least recently used goes first. */
  readonly maxSessions?: number;
}

/** In-memory conversation state keyed by sessionId: the last answered plan and what it showed. */
export class SessionStore {
  private readonly sessions = new Map<string, { touched: number; last?: Turn }>();
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
  last(sessionId: string): Turn | undefined {
    const now = this.clock.now().getTime();
    const session = this.sessions.get(sessionId);
    if (!session) return undefined;
    if (now - session.touched > this.idleMs) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return session.last;
  }

  /** Records a turn; `undefined` (an unanswerable question) keeps the earlier turn for follow-ups. */
  remember(sessionId: string, turn: Turn | undefined): void {
    const previous = this.sessions.get(sessionId);
    this.sessions.delete(sessionId); // re-insert: Map order is the LRU order
    this.sessions.set(sessionId, { touched: this.clock.now().getTime(), last: turn ?? previous?.last });
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
  }

  get size(): number {
    return this.sessions.size;
  }
}
