import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { AGENT_PORT, HandleQueryApi, type AgentPort, type ApiLogger } from '@instalake/agent';
import { BedrockAgent } from '@instalake/bedrock';
import { Container } from 'inversify';
import type { ProxyLambdaConfig } from './config';

export const CONFIG = Symbol.for('instalake.ProxyLambdaConfig');
export const LOGGER = Symbol.for('instalake.Logger');
export const RUNTIME_CLIENT = Symbol.for('instalake.BedrockAgentRuntimeClient');

/** Composition root of the proxy Lambda: config -> agent (Bedrock or offline) -> HandleQueryApi. */
export function createContainer(config: ProxyLambdaConfig, cleanups: (() => void)[] = []): Container {
  const c = new Container();
  c.bind<ProxyLambdaConfig>(CONFIG).toConstantValue(config);
  const powertools = new Logger({ serviceName: 'instalake-proxy', logLevel: config.logLevel });
  // Adapts Powertools' (message, ...extra) to the (message, fields) loggers our libraries take.
  c.bind<ApiLogger>(LOGGER).toConstantValue({
    info: (m, f = {}) => powertools.info(m, f),
    error: (m, f = {}) => powertools.error(m, f),
  });
  c.bind<BedrockAgentRuntimeClient>(RUNTIME_CLIENT)
    .toDynamicValue(() => {
      const client = new BedrockAgentRuntimeClient({
        ...(config.bedrockEndpoint ? { endpoint: config.bedrockEndpoint } : {}),
        maxAttempts: 2,
      });
      cleanups.push(() => client.destroy());
      return client;
    })
    .inSingletonScope();
  if (config.agent === 'bedrock') {
    c.bind<AgentPort>(AGENT_PORT)
      .toResolvedValue(
        (client: BedrockAgentRuntimeClient, logger: ApiLogger) =>
          new BedrockAgent({
            client,
            agentId: config.agentId!,
            agentAliasId: config.agentAliasId!,
            timeoutMs: config.agentTimeoutMs,
            logger,
          }),
        [RUNTIME_CLIENT, LOGGER],
      )
      .inSingletonScope();
  } else {
    c.bind<AgentPort>(AGENT_PORT)
      .toDynamicValue(async () => {
        // Loaded only for AGENT=local, so the Bedrock bundle never touches DuckDB's native binding.
        const { openLocalAgent } = await import('./local-agent');
        const local = await openLocalAgent(config);
        cleanups.push(() => local.close());
        return local.agent;
      })
      .inSingletonScope();
  }
  c.bind(HandleQueryApi)
    .toResolvedValue(
      (agent: AgentPort, logger: ApiLogger) => new HandleQueryApi(agent, { logger }),
      [AGENT_PORT, LOGGER],
    )
    .inSingletonScope();
  return c;
}
