import { Logger } from '@aws-lambda-powertools/logger';
import type { QueryTools } from '@instalake/composition';
import {
  actionGroupResponse,
  describeError,
  RequestRejectedError,
  resolveToolCall,
  type BedrockAgentEvent,
  type BedrockAgentResponse,
  type ToolCall,
} from '@instalake/transport';
import type { Context } from 'aws-lambda';
import type { ToolLambdaConfig } from './config';
import { openToolLambdaTools } from './composition';
import { fitQueryResult, fitTrendsReport } from './fit-body';
import { maskPhonesInText } from '@instalake/lake-schema';

const UNEXPECTED = 'The tool failed unexpectedly; try a simpler request.';

/**
 * The Bedrock Agent action-group handler. It never throws: every outcome, a bad configuration included, becomes
 * an HTTP-style status (ERROR_TABLE) and a JSON body the model can read. Config, logger and the query tools are
 * created on the first invocation and kept while the execution environment is warm.
 */
export function createToolHandler(loadConfig: () => ToolLambdaConfig) {
  let config: ToolLambdaConfig | undefined;
  let logger: Logger | undefined;
  let tools: Promise<QueryTools> | undefined;

  const openTools = (cfg: ToolLambdaConfig) =>
    (tools ??= openToolLambdaTools(cfg).catch((error) => {
      tools = undefined; // a failed cold start must not poison the warm environment
      throw error;
    }));

  async function answer({ operation, args }: ToolCall, cfg: ToolLambdaConfig): Promise<unknown> {
    const t = await openTools(cfg);
    if (operation.path !== '/get_trends')
      return fitQueryResult(await t.guardSql.execute(args.get('sql')!), cfg.maxBodyBytes);
    const rawDays = args.get('days')?.trim();
    const days = rawDays ? Number(rawDays) : undefined;
    if (days !== undefined && !Number.isInteger(days))
      throw new RequestRejectedError(
        'BAD_PARAMETERS',
        `days must be a whole number of days from 1 to 365, got "${rawDays}".`,
      );
    return fitTrendsReport(await t.getTrends.execute({ city: args.get('city')!, days }), cfg.maxBodyBytes);
  }

  async function handler(event: BedrockAgentEvent, context?: Context): Promise<BedrockAgentResponse> {
    const started = Date.now();
    let status = 200;
    let code: string | undefined;
    let body: unknown;
    try {
      config ??= loadConfig();
      logger ??= new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
      if (context) logger.addContext(context);
      body = await answer(resolveToolCall(event), config);
    } catch (error) {
      const failure = describeError(error, UNEXPECTED);
      if (failure.status >= 500)
        (logger ?? console).error('tool request failed', {
          code: failure.code,
          error: maskPhonesInText(failure.detail),
        });
      ({ status, code } = failure);
      body = { error: { code, message: failure.message } };
    }
    let text = JSON.stringify(body);
    if (config && Buffer.byteLength(text) > config.maxBodyBytes) {
      [status, code] = [500, 'RESPONSE_TOO_LARGE'];
      const message = 'The answer did not fit the response limit; aggregate in SQL or ask for fewer rows.';
      text = JSON.stringify({ error: { code, message } });
    }
    logger?.info('tool request', {
      apiPath: event?.apiPath,
      status,
      code,
      rows: (body as { row_count?: number })?.row_count,
      bytes: text.length,
      ms: Date.now() - started,
    });
    return actionGroupResponse(event, status, text);
  }

  /** Closes the sandbox (tests, local replays). */
  async function dispose(): Promise<void> {
    const opened = tools;
    tools = undefined;
    (await opened?.catch(() => undefined))?.close();
  }

  return { handler, dispose };
}
