/** POSIX shell quoting for commands we print (`instalake replay <key>`): a key can hold `$(...)`, quotes or spaces. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_/.,:@%+=-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(...args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
