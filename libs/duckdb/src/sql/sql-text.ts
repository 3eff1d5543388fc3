/** SQL text helpers for values our own code produces (paths, names). Never for user input: that goes through the query guard. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('SQL literal contains a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}
