import { AgentInvocationError } from '@instalake/agent';

const THROTTLED = new Set([
  'ThrottlingException',
  'ServiceQuotaExceededException',
  'throttlingException',
  'serviceQuotaExceededException',
]);
const INVALID = new Set(['ValidationException', 'validationException']);
const UPSTREAM: Record<string, string> = {
  AccessDeniedException:
    'The API is not allowed to invoke the Bedrock Agent (check the Lambda role has bedrock:InvokeAgent on the agent alias).',
  ResourceNotFoundException:
    'The Bedrock Agent or alias was not found (check AGENT_ID and AGENT_ALIAS_ID, and that the alias is deployed in this region).',
  DependencyFailedException:
    "A tool the agent relies on failed (action-group Lambda or knowledge base). Check the tool Lambda's logs.",
  BadGatewayException:
    'The Bedrock Agent got an invalid response from one of its tools. Check the tool Lambda returns the action-group response format.',
  InternalServerException: 'Bedrock had an internal error. Try again in a moment.',
  ConflictException: 'Bedrock is still processing the previous turn of this session. Wait for it, then ask again.',
  ModelNotReadyException: 'The model behind the agent is not ready yet. Try again in a minute.',
};

/** Maps InvokeAgent failures (HTTP errors and event-stream exceptions) to agent failure codes (statuses: ERROR_TABLE). */
export function mapInvokeAgentError(
  error: unknown,
  context: { timedOut: boolean; timeoutMs: number },
): AgentInvocationError {
  const name = String((error as { name?: unknown })?.name ?? '');
  const detail = error instanceof Error ? error.message : String(error);
  const normal = name.charAt(0).toUpperCase() + name.slice(1);
  if (
    context.timedOut ||
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    /ETIMEDOUT|socket hang up.*timeout/i.test(detail)
  ) {
    return new AgentInvocationError(
      'timeout',
      'AGENT_TIMEOUT',
      `The Bedrock Agent did not answer within ${context.timeoutMs} ms. Ask a narrower question or try again.`,
      { cause: error },
    );
  }
  if (THROTTLED.has(name)) {
    return new AgentInvocationError(
      'throttled',
      'AGENT_THROTTLED',
      `Bedrock is throttling requests (${normal}). Wait a few seconds and retry.`,
      { cause: error },
    );
  }
  if (INVALID.has(name)) {
    return new AgentInvocationError(
      'invalid-request',
      'AGENT_INVALID_REQUEST',
      `Bedrock rejected the request: ${detail}`,
      { cause: error },
    );
  }
  if (UPSTREAM[normal]) {
    return new AgentInvocationError(
      'upstream',
      `AGENT_${normal
        .replace(/Exception$/, '')
        .replace(/([a-z])([A-Z])/g, '$1_$2')
        .toUpperCase()}`,
      UPSTREAM[normal],
      { cause: error },
    );
  }
  return new AgentInvocationError(
    'upstream',
    'AGENT_UNAVAILABLE',
    `The Bedrock Agent call failed (${normal || 'unknown error'}). Try again; if it persists, check the agent in the Bedrock console.`,
    { cause: error },
  );
}
