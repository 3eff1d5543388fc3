import type { CommandModule } from './command-module';
import { registerDemo } from './demo.command';
import { registerIngest } from './ingest.command';
import { registerReplay } from './replay.command';
import { registerWatch } from './watch.command';
import { registerKb } from './kb.command';
import { registerServe } from './serve.command';
import { registerAsk } from './ask.command';
import { registerSql } from './sql.command';
import { registerTrends } from './trends.command';

/** Every CLI command, in help order. */
export const commands: CommandModule[] = [
  registerDemo,
  registerIngest,
  registerWatch,
  registerReplay,
  registerKb,
  registerServe,
  registerAsk,
  registerSql,
  registerTrends,
];
