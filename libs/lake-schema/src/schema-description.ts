import { LAKE_TABLES, TableSpec } from './tables';

/** A compact schema description for language models and API documents, derived from the table specs. */
export function describeTable(table: TableSpec): string {
  const cols = table.columns.map((c) => `  ${c.name} ${c.sqlType} -- ${c.description}`).join('\n');
  return `${table.name} (${table.description})\n${cols}`;
}

export function describeLake(): string {
  return LAKE_TABLES.map(describeTable).join('\n\n');
}
