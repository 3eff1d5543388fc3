import { Logger } from '@aws-lambda-powertools/logger';
import { GuardSql, QueryFailedError, QueryRejectedError, QueryTimeoutError } from '@instalake/query-guard';
import { GetTrends, TrendsRequestError } from '@instalake/trends';
import type { DuckDbQuerySandbox } from '@instalake/duckdb';
import type { Container } from 'inversify';
import { BedrockAgentEvent, BedrockAgentResponse, eventArguments } from './bedrock-agent-event';
import type { ToolLambdaConfig } from './config';
import { createContainer, QUERY_SANDBOX } from './composition';
import { fitQueryResult, fitTrendsReport } from './fit-body';
import { TOOL_OPERATIONS, ToolOperation } from './openapi';

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const error = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message } },
});

/** Routes the handler serves (the same list the OpenAPI document is generated from). */
export const TOOL_ROUTES = TOOL_OPERATIONS.map((op) => `${op.method} ${op.path}`);

/**
 * Builds the Bedrock Agent action-group handler. It never throws: every outcome, including bad configuration,
 * becomes a response with an HTTP-style status and a JSON body the model can read.
 */
export function createToolHandler(loadConfig: () => ToolLambdaConfig) {
  let config: ToolLambdaConfig | undefined;
  let logger: Logger | undefined;
  let container: Container | undefined;

  const setUp = () => {
    config ??= loadConfig();
    logger ??= new Logger({ serviceName: 'instalake-tools', logLevel: config.logLevel });
    container ??= createContainer(config);
    return { config, logger, container };
  };

  async function route(
    op: ToolOperation,
    args: Map<string, string>,
    c: Container,
    cfg: ToolLambdaConfig,
  ): Promise<Reply> {
    const missing = op.parameters.filter((p) => p.required && !(args.get(p.name) ?? '').trim()).map((p) => p.name);
    if (missing.length > 0)
      return error(400, 'BAD_PARAMETERS', `Missing required parameter(s): ${missing.join(', ')}.`);
    if (op.path === '/get_trends') {
      const rawDays = args.get('days');
      const days = rawDays === undefined || rawDays.trim() === '' ? undefined : Number(rawDays.trim());
      if (days !== undefined && !Number.isInteger(days)) {
        return error(400, 'BAD_PARAMETERS', `days must be a whole number of days from 1 to 365, got "${rawDays}".`);
      }
      const report = await (await c.getAsync(GetTrends)).execute({ city: args.get('city')!, days });
      return { status: 200, body: fitTrendsReport(report, cfg.maxBodyBytes) };
    }
    const result = await (await c.getAsync(GuardSql)).execute(args.get('sql')!);
    return { status: 200, body: fitQueryResult(result, cfg.maxBodyBytes) };
  }

  async function handler(event: BedrockAgentEvent): Promise<BedrockAgentResponse> {
    const started = Date.now();
    let reply: Reply;
    let log: Logger | undefined;
    try {
      const { config: cfg, logger: lg, container: c } = setUp();
      log = lg;
      const op = TOOL_OPERATIONS.find((o) => o.path === event?.apiPath);
      if (!op) {
        reply = error(
          404,
          'UNKNOWN_PATH',
          `Unknown path "${String(event?.apiPath)}". Available: ${TOOL_OPERATIONS.map((o) => o.path).join(', ')}.`,
        );
      } else if (String(event.httpMethod).toUpperCase() !== op.method) {
        reply = error(405, 'METHOD_NOT_ALLOWED', `${op.path} accepts ${op.method}, not ${String(event.httpMethod)}.`);
      } else {
        reply = await route(op, eventArguments(event), c, cfg);
      }
    } catch (e) {
      reply = replyForError(e);
      if (reply.status >= 500)
        (log ?? console).error?.('tool request failed', { error: e instanceof Error ? e.message : String(e) });
    }
    let body = JSON.stringify(reply.body);
    if (config && new TextEncoder().encode(body).length > config.maxBodyBytes) {
      reply = error(
        500,
        'RESPONSE_TOO_LARGE',
        'The answer did not fit the response limit; aggregate in SQL or ask for fewer rows.',
      );
      body = JSON.stringify(reply.body);
    }
    log?.info('tool request', {
      apiPath: event?.apiPath,
      status: reply.status,
      code: (reply.body as { error?: { code?: string } })?.error?.code,
      rows: (reply.body as { row_count?: number })?.row_count,
      bytes: body.length,
      ms: Date.now() - started,
    });
    return {
      messageVersion: '1.0',
      response: {
        actionGroup: event?.actionGroup ?? '',
        apiPath: event?.apiPath ?? '',
        httpMethod: event?.httpMethod ?? '',
        httpStatusCode: reply.status,
        responseBody: { 'application/json': { body } },
      },
      sessionAttributes: event?.sessionAttributes ?? {},
      promptSessionAttributes: event?.promptSessionAttributes ?? {},
    };
  }

  /** Closes the sandbox (tests, local replays). */
  async function dispose(): Promise<void> {
    if (container?.isBound(QUERY_SANDBOX)) {
      try {
        (await container.getAsync<DuckDbQuerySandbox>(QUERY_SANDBOX)).close();
      } catch {
        // never opened (bad lake path): nothing to close
      }
    }
    container = undefined;
  }

  return { handler, dispose };
}

function replyForError(e: unknown): Reply {
  if (e instanceof QueryRejectedError) return error(400, e.code, e.message);
  if (e instanceof QueryFailedError) return error(400, e.code, e.message);
  if (e instanceof TrendsRequestError) return error(400, e.code, e.message);
  if (e instanceof QueryTimeoutError) return error(408, e.code, e.message);
  const code = (e as { code?: unknown })?.code;
  if (code === 'INVALID_CONFIG' || code === 'LAKE_UNAVAILABLE')
    return error(503, String(code), 'The analytics lake is not available right now; try again later.');
  return error(500, 'INTERNAL_ERROR', 'The tool failed unexpectedly; try a simpler request.');
}
