import type { ApiErrorBody } from './query-response';

/** An error that is already an HTTP answer: status, stable code, actionable message, optional field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export type AgentFailureKind = 'throttled' | 'invalid-request' | 'upstream' | 'timeout';

const STATUS: Record<AgentFailureKind, number> = {
  throttled: 429,
  'invalid-request': 400,
  upstream: 502,
  timeout: 504,
};

/** The agent could not answer for a reason the caller should know (throttling, upstream failure, time-out). */
export class AgentInvocationError extends Error {
  constructor(
    readonly kind: AgentFailureKind,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AgentInvocationError';
  }

  get status(): number {
    return STATUS[this.kind];
  }
}
