import { EXIT } from '@instalake/transport';
import type { IngestFileResult } from '@instalake/ingestion';

/** One human line per file; --json prints the results array instead. */
export function describeIngestResults(results: readonly IngestFileResult[]): string {
  if (results.length === 0) return 'No new files to ingest.';
  return results
    .map((r) => {
      const counts = `read ${r.rowsRead}, landed ${r.landed}, duplicates ${r.duplicates}, rejected ${r.rejected}`;
      const head =
        r.status === 'rejected'
          ? `✗ ${r.file}: rejected whole file [${r.error?.code}] ${r.error?.message}`
          : `${r.status === 'skipped' ? '↷' : '✓'} ${r.file} -> ${r.table ?? '?'} (${r.status}): ${counts} in ${r.durationMs} ms`;
      const extra = [
        ...(r.deadLetterKey ? [`dead letter: ${r.deadLetterKey}`] : []),
        ...r.warnings.map((w) => `note: ${w}`),
        ...(r.rejectSamples ?? []).map((s) => `record ${s.line}: ${s.reason}`),
      ];
      return [head, ...extra.map((e) => `    ${e}`)].join('\n');
    })
    .join('\n');
}

export function ingestExitCode(results: readonly IngestFileResult[]): number {
  return results.some((r) => r.status === 'rejected') ? EXIT.rejectedFile : EXIT.ok;
}
