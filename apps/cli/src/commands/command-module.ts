import type { Command } from 'commander';
import { InstalakeError } from '@instalake/errors';
import type { CliContext } from '../context';

/** A CLI command: one file each, registered in commands/index.ts. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/** A command line that cannot work as given (a bad option value, a missing path): exit code 2. */
export class UsageError extends InstalakeError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
