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
