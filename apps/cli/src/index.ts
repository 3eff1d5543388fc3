export { buildProgram, run } from './main';
export { CliContext } from './context';
export { loadCliConfig, CliConfig } from './config';
export { serveLocal } from './commands/serve.command';
