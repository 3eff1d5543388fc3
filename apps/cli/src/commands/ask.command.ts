import type { Command } from 'commander';
import type { QueryResponse } from '@instalake/agent';
import { EXIT, HandleQueryApi } from '@instalake/transport';
import { randomUUID } from 'node:crypto';
import { openCliAgent } from '../composition';
import type { CommandModule } from './command-module';

export const registerAsk: CommandModule = (program: Command, ctx) => {
  program
    .command('ask')
    .description('Ask the offline agent a question through the same handler as POST /api/query')
    .argument('<question>', 'e.g. "Top 10 posts by likes in NYC"')
    .option('--session <id>', 'session id (2-100 of 0-9 a-z A-Z . _ : -); a new one per call by default')
    .option('--json', 'print the API response body as JSON')
    .action(async (question: string, options: { session?: string; json?: boolean }) => {
      const local = await openCliAgent(ctx.config, ctx.objectStore, { whenLocked: ctx.whenLocked() });
      try {
        const api = new HandleQueryApi(local.agent);
        const sessionId = options.session ?? `cli-${randomUUID()}`;
        const response = await api.handle({
          method: 'POST',
          path: '/api/query',
          body: JSON.stringify({ sessionId, query: question }),
        });
        const body = JSON.parse(response.body);
        if (response.status !== 200) {
          ctx.print(body, { json: options.json, text: () => `error [${body.error.code}]: ${body.error.message}` });
          process.exitCode = response.status === 400 ? EXIT.usage : EXIT.failed;
          return;
        }
        ctx.print(body, { json: options.json, text: (value) => renderAnswer(value as QueryResponse) });
      } finally {
        local.close();
      }
    });
};

function renderAnswer(answer: QueryResponse): string {
  return `${answer.response}\n\nConfidence: ${answer.confidence} · session ${answer.sessionId}`;
}
