import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type { ApiRequest, ApiResponse } from '@instalake/transport';

export type GatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type GatewayResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2;

export function isHttpApiV2(event: GatewayEvent): event is APIGatewayProxyEventV2 {
  return (event as APIGatewayProxyEventV2).version === '2.0';
}

/** API Gateway REST (v1) and HTTP API (v2) proxy events -> the handler's request. Stage prefixes are stripped. */
export function toApiRequest(event: GatewayEvent): ApiRequest {
  const v2 = isHttpApiV2(event);
  const method = v2 ? event.requestContext.http.method : event.httpMethod;
  const stage = event.requestContext?.stage;
  let path = v2 ? event.rawPath : event.path;
  // HTTP APIs put a named stage in rawPath; REST APIs keep it out of `path` unless a custom domain maps it.
  if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`)))
    path = path.slice(stage.length + 1) || '/';
  const raw = event.body ?? undefined;
  const body = raw !== undefined && event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v ?? undefined;
  return { method, path, headers, body: body ?? undefined };
}

/** The handler's response in the shape the event's API expects. */
export function toGatewayResult(response: ApiResponse): GatewayResult {
  return { statusCode: response.status, headers: response.headers, body: response.body, isBase64Encoded: false };
}
