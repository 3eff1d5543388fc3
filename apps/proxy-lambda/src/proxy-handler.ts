import { HandleQueryApi } from '@instalake/agent';
import { createContainer } from './composition';
import type { ProxyLambdaConfig } from './config';
import { type GatewayEvent, type GatewayResult, toApiRequest, toGatewayResult } from './api-gateway-event';

export interface ProxyLambda {
  handler(event: GatewayEvent): Promise<GatewayResult>;
  /** Releases clients and the lake file (tests, local replays). */
  dispose(): Promise<void>;
}

/** API Gateway proxy event -> HandleQueryApi -> proxy result. The container is built once per Lambda container. */
export function createProxyHandler(loadConfig: () => ProxyLambdaConfig): ProxyLambda {
  const cleanups: (() => void)[] = [];
  let api: Promise<HandleQueryApi> | undefined;
  const getApi = () => (api ??= createContainer(loadConfig(), cleanups).getAsync(HandleQueryApi));
  return {
    async handler(event) {
      let request;
      try {
        request = toApiRequest(event);
      } catch {
        return {
          statusCode: 400,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            error: { code: 'BAD_EVENT', message: 'The event is not an API Gateway proxy event.' },
          }),
        };
      }
      return toGatewayResult(await (await getApi()).handle(request));
    },
    async dispose() {
      for (const cleanup of cleanups.splice(0)) cleanup();
      api = undefined;
    },
  };
}
