import 'reflect-metadata';
import { Container } from 'inversify';
import {
  catalogFromConfig,
  lakeCatalogConfigFrom,
  DuckDbQueryExecutor,
  DuckDbQuerySandbox,
  DuckDbSqlParser,
  DuckDbTrendsSource,
  type LakeCatalogConfig,
} from '@instalake/duckdb';
import { GuardSql, QUERY_EXECUTOR, SQL_PARSER, type QueryExecutor, type SqlParser } from '@instalake/query-guard';
import { GetTrends, TRENDS_SOURCE, type TrendsSource } from '@instalake/trends';
import type { ToolLambdaConfig } from './config';

export const CONFIG = Symbol.for('instalake.ToolLambdaConfig');
export const QUERY_SANDBOX = Symbol.for('instalake.QuerySandbox');

/**
 * Maps the validated LAKE_* settings to the catalog the sandbox attaches. Read-only: a local file is attached
 * READ_ONLY; Iceberg catalogs are only read through the sandbox (the tool role has no write grants either).
 */
export function lakeCatalogConfig(config: ToolLambdaConfig): LakeCatalogConfig {
  return lakeCatalogConfigFrom(config, { readOnly: true });
}

/**
 * Composition root of the tool Lambda: config -> read-only query sandbox (masked views, locked) -> parser,
 * executor, trends source -> GuardSql and GetTrends. The sandbox opens once per execution environment.
 */
export function createContainer(config: ToolLambdaConfig): Container {
  const c = new Container();
  c.bind<ToolLambdaConfig>(CONFIG).toConstantValue(config);
  c.bind<DuckDbQuerySandbox>(QUERY_SANDBOX)
    .toDynamicValue(() =>
      DuckDbQuerySandbox.open({
        catalog: catalogFromConfig(lakeCatalogConfig(config)),
        memoryLimit: config.memoryLimit,
        threads: config.threads,
        extensionDirectory: config.extensionDirectory,
        homeDirectory: config.duckdbHomeDirectory ?? config.scratchDirectory,
      }),
    )
    .inSingletonScope();
  c.bind<SqlParser>(SQL_PARSER)
    .toResolvedValue((s: DuckDbQuerySandbox) => new DuckDbSqlParser(s), [QUERY_SANDBOX])
    .inSingletonScope();
  c.bind<QueryExecutor>(QUERY_EXECUTOR)
    .toResolvedValue((s: DuckDbQuerySandbox) => new DuckDbQueryExecutor(s), [QUERY_SANDBOX])
    .inSingletonScope();
  c.bind<TrendsSource>(TRENDS_SOURCE)
    .toResolvedValue((s: DuckDbQuerySandbox) => new DuckDbTrendsSource(s), [QUERY_SANDBOX])
    .inSingletonScope();
  c.bind(GuardSql)
    .toResolvedValue(
      (parser: SqlParser, executor: QueryExecutor) =>
        new GuardSql(parser, executor, { maxRows: config.maxRows, timeoutMs: config.timeoutMs }),
      [SQL_PARSER, QUERY_EXECUTOR],
    )
    .inSingletonScope();
  c.bind(GetTrends)
    .toResolvedValue((source: TrendsSource) => new GetTrends(source), [TRENDS_SOURCE])
    .inSingletonScope();
  return c;
}
