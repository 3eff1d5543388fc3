export { buildProgram, run } from './main';
export { CliContext } from './context';
export { loadCliConfig, CliConfig } from './config';
