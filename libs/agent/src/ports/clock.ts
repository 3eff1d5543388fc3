/** Time source for session time-outs and default dates; tests inject a fixed or stepping clock. */
export interface AgentClock {
  now(): Date;
}

export const systemAgentClock: AgentClock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements AgentClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
