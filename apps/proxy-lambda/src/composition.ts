import { Logger } from '@aws-lambda-powertools/logger';
import { openAgent, type OpenedAgent } from '@instalake/composition';
import { HandleQueryApi, type ApiLogger } from '@instalake/transport';
import type { ProxyLambdaConfig } from './config';

export interface ProxyRuntime {
  readonly api: HandleQueryApi;
  readonly logger: Logger;
  close(): void;
}

/**
 * Composition root of the proxy Lambda: config -> agent (Bedrock, or the offline agent on a local lake file) ->
 * HandleQueryApi. The local agents (AGENT=local, openai-compatible) are loaded only when chosen: the deployed function
 * has no DuckDB layer.
 */
export async function openProxyRuntime(config: ProxyLambdaConfig): Promise<ProxyRuntime> {
  const logger = new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
  // Powertools takes (message, ...extra); our libraries log (message, fields).
  const log: ApiLogger = { info: (m, f = {}) => logger.info(m, f), error: (m, f = {}) => logger.error(m, f) };
  const opened: OpenedAgent =
    config.agent === 'bedrock'
      ? await openAgent({
          kind: 'bedrock',
          agentId: config.agentId!,
          agentAliasId: config.agentAliasId!,
          timeoutMs: config.agentTimeoutMs,
          endpoint: config.bedrockEndpoint,
          logger: log,
        })
      : await openLocalAgent(config);
  return { api: new HandleQueryApi(opened.agent, { logger: log }), logger, close: () => opened.close() };
}

/** A local lake file through the live masked sandbox; no knowledge index ships with the Lambda. */
function openLocalAgent(config: ProxyLambdaConfig): Promise<OpenedAgent> {
  const agent = {
    tools: {
      lake: { kind: 'local', databaseFile: config.lakeFile },
      memoryLimit: config.memoryLimit,
      homeDirectory: '/tmp',
    },
  } as const;
  const model = config.languageModel;
  return openAgent(model ? { kind: 'openai-compatible', model, ...agent } : { kind: 'offline', ...agent });
}
