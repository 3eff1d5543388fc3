import { EXIT } from '@instalake/transport';
import { shellQuote, type IngestFileResult } from '@instalake/ingestion';

/** One human block per file: records in the file, landed, duplicates, rejected by reason; --json prints the results. */
export function describeIngestResults(results: readonly IngestFileResult[]): string {
  if (results.length === 0) return 'No new files to ingest.';
  return results
    .map((r) => {
      const byReason = Object.entries(r.rejectedByReason ?? {})
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ');
      const counts =
        `records ${r.rowsRead}: landed ${r.landed}, duplicates ${r.duplicates}, rejected ${r.rejected}` +
        (byReason ? ` (${byReason})` : '') +
        (r.observations ? `; ${r.observations} re-scraped count(s) to post_metrics` : '');
      const head =
        r.status === 'rejected'
          ? `✗ ${r.file}: rejected whole file [${r.error?.code}] ${r.error?.message ?? ''}`
          : `${r.status === 'skipped' ? '↷' : '✓'} ${r.file} -> ${r.table ?? '?'} (${r.status}): ${counts} in ${r.durationMs} ms`;
      const extra = [
        ...(r.deadLetterKey ? [`dead letter: ${r.deadLetterKey}`] : []),
        ...(r.status === 'rejected' && r.deadLetterKey
          ? [`fix it, then: instalake replay ${shellQuote(r.deadLetterKey)}`]
          : []),
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
