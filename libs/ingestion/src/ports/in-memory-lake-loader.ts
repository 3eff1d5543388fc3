import type { SourceField } from '@instalake/lake-schema';
import type { IngestLog } from './ingest-log';
import type { LakeLoader, LoadHooks, LoadOutcome, LoadRequest } from './lake-loader';
import type { InMemoryObjectStore } from './in-memory-object-store';

/**
 * Fake LakeLoader for use-case tests: answers every load with a fixed outcome, hands its rejects (a fake file in the
 * in-memory store) to beforeCommit, and commits the log entry to the given log as the real loader does.
 */
export class InMemoryLakeLoader implements LakeLoader {
  readonly requests: LoadRequest[] = [];

  constructor(
    private readonly log: IngestLog,
    private readonly outcome: Omit<LoadOutcome, 'rejectsFile'> & { readonly rejectsCsv?: string },
    private readonly store?: InMemoryObjectStore,
    private readonly jsonFields: readonly SourceField[] = [],
  ) {}

  async inspect(): Promise<readonly SourceField[]> {
    return this.jsonFields;
  }

  async load(request: LoadRequest, hooks: LoadHooks): Promise<LoadOutcome> {
    this.requests.push(request);
    const { rejectsCsv, ...counts } = this.outcome;
    let rejectsFile: string | undefined;
    if (rejectsCsv !== undefined && this.store) {
      await this.store.put({ bucket: 'scratch', key: 'rejects.csv' }, rejectsCsv);
      rejectsFile = 'memory://scratch/rejects.csv';
    }
    const outcome: LoadOutcome = { ...counts, rejectsFile };
    await hooks.beforeCommit?.(outcome);
    await this.log.append(hooks.logEntry(outcome));
    if (rejectsFile) await this.store?.delete({ bucket: 'scratch', key: 'rejects.csv' });
    return outcome;
  }
}
