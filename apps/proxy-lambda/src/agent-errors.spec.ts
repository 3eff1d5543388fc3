import { mapInvokeAgentError } from '@instalake/bedrock';
import { describeError } from '@instalake/transport';

/** Every failure the Bedrock agent adapter reports has its status in the one error table. */
describe('Bedrock agent failures in ERROR_TABLE', () => {
  const failure = (name: string) => Object.assign(new Error(`${name} from Bedrock`), { name });

  it.each([
    ['ThrottlingException', 'AGENT_THROTTLED', 429],
    ['serviceQuotaExceededException', 'AGENT_THROTTLED', 429],
    ['ValidationException', 'AGENT_INVALID_REQUEST', 400],
    ['AccessDeniedException', 'AGENT_ACCESS_DENIED', 502],
    ['ResourceNotFoundException', 'AGENT_RESOURCE_NOT_FOUND', 502],
    ['DependencyFailedException', 'AGENT_DEPENDENCY_FAILED', 502],
    ['badGatewayException', 'AGENT_BAD_GATEWAY', 502],
    ['InternalServerException', 'AGENT_INTERNAL_SERVER', 502],
    ['ConflictException', 'AGENT_CONFLICT', 502],
    ['ModelNotReadyException', 'AGENT_MODEL_NOT_READY', 502],
    ['SomethingNewException', 'AGENT_UNAVAILABLE', 502],
    ['TimeoutError', 'AGENT_TIMEOUT', 504],
  ])('%s -> %s %d', (name, code, status) => {
    const answer = describeError(mapInvokeAgentError(failure(name), { timedOut: false, timeoutMs: 28_000 }), 'x');
    expect(answer).toMatchObject({ code, status, expected: true });
  });
});
