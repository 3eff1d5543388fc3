import { LAKE_NAMESPACE, TableSpec } from '@instalake/lake-schema';
import { quoteIdent } from '../sql/sql-text';
import { LAKE_ALIAS } from './lake-catalog';

export const INGEST_LOG_TABLE = 'ingest_log';

export function qualifiedTable(name: string): string {
  return `${LAKE_ALIAS}.${LAKE_NAMESPACE}.${quoteIdent(name)}`;
}

export function columnDefinitions(table: TableSpec): string {
  return table.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(', ');
}

export const INGEST_LOG_COLUMNS =
  'bucket VARCHAR, key VARCHAR, etag VARCHAR, table_name VARCHAR, status VARCHAR, rows_read BIGINT, landed BIGINT, ' +
  'duplicates BIGINT, rejected BIGINT, dead_letter_key VARCHAR, error_code VARCHAR, message VARCHAR, ' +
  'started_at TIMESTAMP, finished_at TIMESTAMP';
