export { buildProgram, run } from './main';
export { CliContext } from './context';
export { loadCliConfig, CliConfig } from './config';
export { startServer, type RunningServer, type StartServerOptions } from './http/query-api-server';
export { openLocalAgent, type LocalAgent, type LocalAgentOptions } from './http/local-agent';
export { serveLocal } from './commands/serve.command';
