import type { DuckDBConnection } from '@duckdb/node-api';
import type { ManifestEntries, PostRecord, PostSource, SyncPlan } from '@instalake/knowledge';
import type { DuckDbLakeEngine } from '../lake-engine';
import {
  currentPostsTableSql,
  MANIFEST_TABLE_SQL,
  NEXT_MANIFEST_SQL,
  PLAN_COUNTS_SQL,
  POSTS_TO_WRITE_SQL,
  REMOVED_SQL,
  TO_WRITE_TABLE_SQL,
} from './post-documents-sql';

/**
 * PostSource on the lake: hashes every post in SQL, bulk-appends the manifest into a temp table and diffs
 * with joins, so JavaScript only ever touches the posts that must be (re)written.
 */
export class DuckDbPostSource implements PostSource {
  constructor(private readonly engine: DuckDbLakeEngine) {}

  withSyncPlan<T>(manifest: ManifestEntries, work: (plan: SyncPlan) => Promise<T>): Promise<T> {
    return this.engine.withConnection(async (connection) => {
      await connection.run(currentPostsTableSql());
      await connection.run(MANIFEST_TABLE_SQL);
      await appendManifest(connection, manifest);
      await connection.run(TO_WRITE_TABLE_SQL);

      const [counts] = (await connection.runAndReadAll(PLAN_COUNTS_SQL)).getRowObjectsJS() as {
        added: number;
        changed: number;
      }[];
      const [removed] = (await connection.runAndReadAll(REMOVED_SQL)).getColumnsJS() as string[][];
      const [postIds, hashes] = (await connection.runAndReadAll(NEXT_MANIFEST_SQL)).getColumnsJS() as string[][];

      const plan: SyncPlan = {
        added: counts.added,
        changed: counts.changed,
        removed: removed ?? [],
        next: { postIds: postIds ?? [], hashes: hashes ?? [] },
        postsToWrite: (pageSize) => streamPages(connection, pageSize),
      };
      return work(plan);
    });
  }
}

async function appendManifest(connection: DuckDBConnection, manifest: ManifestEntries): Promise<void> {
  const appender = await connection.createAppender('kb_manifest', 'main', 'temp');
  try {
    for (let i = 0; i < manifest.postIds.length; i++) {
      appender.appendVarchar(manifest.postIds[i]);
      appender.appendVarchar(manifest.hashes[i]);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function* streamPages(connection: DuckDBConnection, pageSize: number): AsyncIterable<PostRecord[]> {
  const result = await connection.stream(POSTS_TO_WRITE_SQL);
  let page: PostRecord[] = [];
  for await (const rows of result.yieldRowObjectJs()) {
    for (const row of rows) {
      page.push(row as unknown as PostRecord);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length > 0) yield page;
}
