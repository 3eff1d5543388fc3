import { InstalakeError } from '@instalake/errors';

export type AgentFailureKind = 'throttled' | 'invalid-request' | 'upstream' | 'timeout';

/**
 * The agent could not answer for a reason the caller should know (throttling, upstream failure, time-out). The
 * message is written for the person asking; transports map the code to a status.
 */
export class AgentInvocationError extends InstalakeError {
  constructor(
    readonly kind: AgentFailureKind,
    code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
