import { RequestRejectedError } from '../errors/request-rejected-error';
import { TOOL_OPERATIONS, type ToolOperation } from './tool-operations';

/** An OpenAPI-schema action-group invocation as Bedrock Agents sends it. Every parameter value arrives as a string. */
export interface BedrockAgentParameter {
  readonly name: string;
  readonly type?: string;
  readonly value: string;
}

export interface BedrockAgentEvent {
  readonly messageVersion: string;
  readonly actionGroup: string;
  readonly apiPath: string;
  readonly httpMethod: string;
  readonly parameters?: readonly BedrockAgentParameter[];
  readonly requestBody?: {
    readonly content?: Record<string, { readonly properties?: readonly BedrockAgentParameter[] }>;
  };
  readonly sessionId?: string;
  readonly inputText?: string;
  readonly agent?: { readonly name: string; readonly id: string; readonly alias: string; readonly version: string };
  readonly sessionAttributes?: Record<string, string>;
  readonly promptSessionAttributes?: Record<string, string>;
}

export interface BedrockAgentResponse {
  readonly messageVersion: '1.0';
  readonly response: {
    readonly actionGroup: string;
    readonly apiPath: string;
    readonly httpMethod: string;
    readonly httpStatusCode: number;
    readonly responseBody: { readonly 'application/json': { readonly body: string } };
  };
  readonly sessionAttributes?: Record<string, string>;
  readonly promptSessionAttributes?: Record<string, string>;
}

/** Parameters from `parameters[]` and from `requestBody.content["application/json"].properties[]` (the body wins). */
export function eventArguments(event: BedrockAgentEvent): Map<string, string> {
  const args = new Map<string, string>();
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const p of list) {
      if (p && typeof p === 'object' && typeof p.name === 'string' && p.value !== undefined && p.value !== null)
        args.set(p.name, String(p.value));
    }
  };
  add(event.parameters);
  add(event.requestBody?.content?.['application/json']?.properties);
  return args;
}

/** One routed action-group call: the operation and its string arguments, required ones present. */
export interface ToolCall {
  readonly operation: ToolOperation;
  readonly args: ReadonlyMap<string, string>;
}

/** Routes an event to its operation; unknown path, wrong method or missing parameters are refused with a reason. */
export function resolveToolCall(event: BedrockAgentEvent): ToolCall {
  const operation = TOOL_OPERATIONS.find((o) => o.path === event?.apiPath);
  if (!operation) {
    const known = TOOL_OPERATIONS.map((o) => o.path).join(', ');
    throw new RequestRejectedError('UNKNOWN_PATH', `Unknown path "${String(event?.apiPath)}". Available: ${known}.`);
  }
  if (String(event.httpMethod).toUpperCase() !== operation.method) {
    throw new RequestRejectedError(
      'METHOD_NOT_ALLOWED',
      `${operation.path} accepts ${operation.method}, not ${String(event.httpMethod)}.`,
    );
  }
  const args = eventArguments(event);
  const missing = operation.parameters.filter((p) => p.required && !(args.get(p.name) ?? '').trim()).map((p) => p.name);
  if (missing.length > 0)
    throw new RequestRejectedError('BAD_PARAMETERS', `Missing required parameter(s): ${missing.join(', ')}.`);
  return { operation, args };
}

/** The response envelope Bedrock expects, echoing the event's routing fields and session attributes. */
export function actionGroupResponse(event: BedrockAgentEvent, status: number, body: string): BedrockAgentResponse {
  return {
    messageVersion: '1.0',
    response: {
      actionGroup: event?.actionGroup ?? '',
      apiPath: event?.apiPath ?? '',
      httpMethod: event?.httpMethod ?? '',
      httpStatusCode: status,
      responseBody: { 'application/json': { body } },
    },
    sessionAttributes: event?.sessionAttributes ?? {},
    promptSessionAttributes: event?.promptSessionAttributes ?? {},
  };
}
