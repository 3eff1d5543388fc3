import type { Context } from 'aws-lambda';
import { describeError, jsonResponse } from '@instalake/transport';
import { type GatewayEvent, type GatewayResult, toApiRequest, toGatewayResult } from './api-gateway-event';
import { openProxyRuntime, type ProxyRuntime } from './composition';
import type { ProxyLambdaConfig } from './config';

export interface ProxyLambda {
  handler(event: GatewayEvent, context?: Context): Promise<GatewayResult>;
  /** Releases clients and the lake file (tests, local replays). */
  dispose(): Promise<void>;
}

const UNAVAILABLE = 'The query API cannot answer right now; try again later.';

/**
 * API Gateway proxy event -> HandleQueryApi -> proxy result. The runtime is built on the first invocation and kept
 * while the execution environment is warm; a failed start (bad configuration) is answered, and retried next time.
 */
export function createProxyHandler(loadConfig: () => ProxyLambdaConfig): ProxyLambda {
  let runtime: Promise<ProxyRuntime> | undefined;
  const open = () =>
    (runtime ??= Promise.resolve()
      .then(() => openProxyRuntime(loadConfig()))
      .catch((error) => {
        runtime = undefined;
        throw error;
      }));
  return {
    async handler(event, context) {
      let request;
      try {
        request = toApiRequest(event);
      } catch {
        const error = { code: 'BAD_EVENT', message: 'The event is not an API Gateway proxy event.' };
        return toGatewayResult(jsonResponse(400, { error }));
      }
      let rt: ProxyRuntime;
      try {
        rt = await open();
      } catch (error) {
        const failure = describeError(error, UNAVAILABLE);
        console.error(JSON.stringify({ level: 'ERROR', message: 'proxy start failed', error: failure.detail }));
        return toGatewayResult(
          jsonResponse(failure.status, { error: { code: failure.code, message: failure.message } }),
        );
      }
      if (context) rt.logger.addContext(context);
      return toGatewayResult(await rt.api.handle(request));
    },
    async dispose() {
      const opened = runtime;
      runtime = undefined;
      (await opened?.catch(() => undefined))?.close();
    },
  };
}
