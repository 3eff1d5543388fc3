import type { Command } from 'commander';
import type { CliContext } from '../context';

/** A CLI command: one file each, registered in commands/index.ts. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, rejectedFile: 1, usage: 2, refusedQuery: 3 } as const;
