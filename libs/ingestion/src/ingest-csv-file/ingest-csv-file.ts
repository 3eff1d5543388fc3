import {
  bindFields,
  closestKnownLayout,
  describeColumnSources,
  FileLayout,
  FileMapping,
  fieldsFromHeader,
  KNOWN_LAYOUTS,
  maskPhonesInText,
  mergeFileMappings,
  normaliseHeaderName,
  readCsvHeader,
  resolveLayout,
  SourceField,
  tableSpec,
} from '@instalake/lake-schema';
import { FileRejectedError } from '../errors';
import type { Clock } from '../ports/clock';
import type { IngestLog, IngestLogEntry } from '../ports/ingest-log';
import type { LakeLoader, LoadOutcome } from '../ports/lake-loader';
import { MappingSource, NO_MAPPING } from '../ports/mapping-source';
import type { ObjectInfo, ObjectRef, ObjectStore } from '../ports/object-store';
import { shellCommand } from '../shell-quote';
import {
  DEFAULT_UPLOAD_POLICY,
  deadLetterKeys,
  DeadLetterKeys,
  deliveryTag,
  isRejectsKey,
  relativeUploadKey,
  SourceFormat,
  sourceFormatOf,
  UploadPolicy,
} from '../upload-policy';
import type { IngestFileResult } from './ingest-file-result';

/** A header longer than this (no record end in the first bytes) is not a header: 200 MB without a newline. */
export const MAX_HEADER_BYTES = 256 * 1024;
/** More columns than any scraper export we know (Apify's flattened CSVs reach a few hundred) exhaust memory. */
export const MAX_COLUMNS = 2000;
const LISTED_COLUMNS = 15;

export interface IngestOptions {
  /** Mapping for this call (CLI --set/--map): over the mapping source's rule for the file. */
  readonly mapping?: FileMapping;
}

/**
 * Ingests one uploaded file (CSV or JSON) into its lake table: idempotent per object version, nothing lost
 * (rows read = landed + duplicates + rejected, counted from the file), bad files and bad rows to the dead-letter area
 * under keys of their own delivery, and the rows with their ingest log entry committed together.
 */
export class IngestCsvFile {
  private lastLoadTime = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly loader: LakeLoader,
    private readonly log: IngestLog,
    private readonly clock: Clock,
    private readonly policy: UploadPolicy = DEFAULT_UPLOAD_POLICY,
    private readonly mappings: MappingSource = NO_MAPPING,
  ) {}

  async execute(ref: ObjectRef, options: IngestOptions = {}): Promise<IngestFileResult> {
    const startedAt = this.clock.now();
    const info = await this.store.head(ref);
    const version = info.versionId ?? info.etag;
    const previous = await this.log.findCompleted(ref.bucket, ref.key, version);
    if (previous) {
      const result = this.result(info, startedAt, {
        status: 'skipped',
        table: previous.table,
        warnings: [
          `already ${previous.status} at ${previous.finishedAt.toISOString()} (same object version ${version})`,
        ],
      });
      await this.log.append(this.entry(info, version, startedAt, result));
      return result;
    }
    // A stopped attempt's rows carry its load time: reusing it lets the loader count them as this delivery's.
    const interrupted = await this.log.findInterrupted(ref.bucket, ref.key, version);
    const loadedAt = interrupted?.startedAt ?? this.nextLoadTime(startedAt);
    const keys = deadLetterKeys(info.key, deliveryTag(info), this.policy);
    const format = await this.formatOf(info);
    const mapping = mergeFileMappings(
      await this.mappings.mappingFor(relativeUploadKey(info.key, this.policy)),
      options.mapping,
    );

    let layout: FileLayout | undefined;
    try {
      if (format === 'csv') layout = await this.csvLayout(info, mapping);
      const outcome = await this.store.withLocalCopy(info, async (path) => {
        layout ??= this.checkedLayout(info, await this.loader.inspect(path, format), mapping);
        const warnings = describeLayout(layout);
        return this.loader
          .load(
            {
              path,
              format,
              layout,
              loadedAt,
              sourceKey: info.key,
              neutralisedCells: isRejectsKey(info.key),
              resumed: interrupted !== undefined,
            },
            {
              beforeCommit: async (staged) => {
                if (staged.rejectsFile)
                  await this.store.putFile({ bucket: info.bucket, key: keys.rejects }, staged.rejectsFile, 'text/csv');
              },
              logEntry: (o) =>
                this.entry(info, version, loadedAt, this.ingested(info, startedAt, format, layout!, o, keys, warnings)),
            },
          )
          .then((o) => ({ o, warnings }));
      });
      return this.ingested(info, startedAt, format, layout!, outcome.o, keys, outcome.warnings);
    } catch (error) {
      if (error instanceof FileRejectedError)
        return this.rejectFile(info, version, startedAt, error, format, layout, keys);
      throw error;
    }
  }

  /** Load times are unique per delivery (rows are traced to their delivery by them), even within one millisecond. */
  private nextLoadTime(now: Date): Date {
    this.lastLoadTime = Math.max(now.getTime(), this.lastLoadTime + 1);
    return new Date(this.lastLoadTime);
  }

  private async formatOf(info: ObjectInfo): Promise<SourceFormat> {
    const byName = sourceFormatOf(info.key);
    if (byName === 'json') return 'json';
    // A JSON export saved as .csv: its first character says so.
    const head = new TextDecoder().decode(await this.store.readHead(info, 64)).replace(/^\uFEFF?\s*/, '');
    return /^(\[\s*\{|\{\s*")/.test(head) ? 'json' : 'csv';
  }

  private ingested(
    info: ObjectInfo,
    startedAt: Date,
    format: SourceFormat,
    layout: FileLayout,
    outcome: LoadOutcome,
    keys: DeadLetterKeys,
    layoutWarnings: readonly string[],
  ): IngestFileResult {
    const rejectsKey = outcome.rejectsFile ? keys.rejects : undefined;
    const warnings = [...layoutWarnings, ...outcome.warnings];
    if (rejectsKey) warnings.push(`${outcome.rejected} row(s) rejected: see ${rejectsKey}`);
    if (outcome.observations)
      warnings.push(`${outcome.observations} re-scraped count(s) of known posts added to post_metrics`);
    return this.result(info, startedAt, {
      status: 'ingested',
      format,
      table: layout.table.name,
      layout: layout.knownLayout?.title,
      rowsRead: outcome.rowsRead,
      landed: outcome.landed,
      duplicates: outcome.duplicates,
      rejected: outcome.rejected,
      rejectedByReason: outcome.rejectedByReason,
      observations: outcome.observations,
      rejectsKey,
      deadLetterKey: rejectsKey,
      warnings,
      // Reasons quote the rejected value, which may be a phone number: masked like every text leaving the lake.
      rejectSamples: outcome.rejectSamples.map((s) => ({ ...s, reason: maskPhonesInText(s.reason) })),
    });
  }

  private async csvLayout(info: ObjectInfo, mapping: FileMapping | undefined): Promise<FileLayout> {
    const bytes = await this.store.readHead(info, MAX_HEADER_BYTES + 1);
    if (bytes.length === 0 || new TextDecoder().decode(bytes).trim() === '')
      throw new FileRejectedError(
        'EMPTY_FILE',
        `${info.key} is empty: a CSV needs a header line and at least one row.`,
      );
    const { fields, complete } = readCsvHeader(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    if (!complete && bytes.length > MAX_HEADER_BYTES) {
      throw new FileRejectedError(
        'HEADER_TOO_LARGE',
        `${info.key} has no line break in its first ${MAX_HEADER_BYTES / 1024} KB, so it has no header line ` +
          `(${(info.size / 1e6).toFixed(1)} MB in all): a CSV starts with one line of column names. ` +
          'Export it again as CSV with a header, or as JSON (.json/.jsonl).',
      );
    }
    return this.checkedLayout(info, fieldsFromHeader(fields), mapping);
  }

  private checkedLayout(info: ObjectInfo, fields: readonly SourceField[], mapping?: FileMapping): FileLayout {
    if (fields.length === 0)
      throw new FileRejectedError('EMPTY_FILE', `${info.key} is empty: it needs column names and at least one row.`);
    if (fields.length > MAX_COLUMNS)
      throw new FileRejectedError(
        'TOO_MANY_COLUMNS',
        `${info.key} has ${fields.length} columns, more than the ${MAX_COLUMNS} ingestion reads ` +
          `(first ones: ${listed(fields.map((f) => f.name))}). Export only the columns you need.`,
      );
    const layout = resolveLayout(info.key, fields, mapping);
    if (!layout) throw new FileRejectedError('UNKNOWN_FILE_KIND', unknownKindMessage(info.key, fields));
    if (layout.missingRequired.length > 0) {
      throw new FileRejectedError(
        'SCHEMA_MISMATCH',
        `${info.key} is a ${layout.table.name} file (by ${layout.decidedBy}${layout.knownLayout ? `, read as ${layout.knownLayout.title}` : ''}) ` +
          `but its header lacks required column(s): ${layout.missingRequired.join(', ')}. ` +
          `Columns seen: ${listed(fields.map((f) => f.name))}. Needed: ` +
          `${layout.missingRequired.map((c) => describeColumnSources(layout.table, c)).join('; ')}. ` +
          'Add the column(s), or map them (instalake ingest <file> --map <your column>=<lake column>, ' +
          '--set <lake column>=<value>, or a mapping file rule), and upload it again.',
      );
    }
    return layout;
  }

  private async rejectFile(
    info: ObjectInfo,
    version: string,
    startedAt: Date,
    error: FileRejectedError,
    format: SourceFormat,
    layout: FileLayout | undefined,
    keys: DeadLetterKeys,
  ): Promise<IngestFileResult> {
    await this.store.copy(info, { bucket: info.bucket, key: keys.copy });
    const report = {
      code: error.code,
      message: error.message,
      source: { bucket: info.bucket, key: info.key, etag: info.etag, versionId: info.versionId },
      table: layout?.table.name,
      rejectedAt: this.clock.now().toISOString(),
      replay: shellCommand('instalake', 'replay', keys.copy),
    };
    await this.store.put(
      { bucket: info.bucket, key: keys.errorReport },
      JSON.stringify(report, null, 2),
      'application/json',
    );
    const result = this.result(info, startedAt, {
      status: 'rejected',
      format,
      table: layout?.table.name,
      deadLetterKey: keys.copy,
      error: { code: error.code, message: error.message },
      warnings: [],
    });
    await this.log.append(this.entry(info, version, startedAt, result));
    return result;
  }

  private result(
    info: ObjectInfo,
    startedAt: Date,
    fields: Partial<IngestFileResult> & Pick<IngestFileResult, 'status' | 'warnings'>,
  ): IngestFileResult {
    return {
      file: info.key,
      bucket: info.bucket,
      etag: info.etag,
      rowsRead: 0,
      landed: 0,
      duplicates: 0,
      rejected: 0,
      ...fields,
      durationMs: this.clock.now().getTime() - startedAt.getTime(),
    };
  }

  private entry(info: ObjectInfo, version: string, startedAt: Date, r: IngestFileResult): IngestLogEntry {
    return {
      bucket: info.bucket,
      key: info.key,
      etag: version,
      table: r.table,
      status: r.status,
      rowsRead: r.rowsRead,
      landed: r.landed,
      duplicates: r.duplicates,
      rejected: r.rejected,
      deadLetterKey: r.deadLetterKey,
      errorCode: r.error?.code,
      message: r.error?.message ?? (r.warnings.length ? r.warnings.join('; ') : undefined),
      startedAt,
      finishedAt: this.clock.now(),
    };
  }
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_COLUMNS).join(', ');
  return names.length > LISTED_COLUMNS ? `${shown} and ${names.length - LISTED_COLUMNS} more` : shown;
}

function describeLayout(layout: FileLayout): string[] {
  const warnings: string[] = [];
  if (layout.knownLayout) warnings.push(`read as ${layout.knownLayout.title}`);
  warnings.push(...layout.notes);
  if (layout.extraColumns.length)
    warnings.push(`ignored column(s) not in ${layout.table.name}: ${listed(layout.extraColumns)}`);
  if (layout.duplicateColumns.length) warnings.push(`ignored repeated column(s): ${listed(layout.duplicateColumns)}`);
  if (layout.missingOptional.length)
    warnings.push(`column(s) absent, stored as NULL: ${layout.missingOptional.join(', ')}`);
  return warnings;
}

/** Columns seen, the closest known layout and what it still needs, and how to map the file. */
function unknownKindMessage(key: string, fields: readonly SourceField[]): string {
  const names = fields.map((f) => f.name);
  const closest = closestKnownLayout(new Set(names.map(normaliseHeaderName)));
  let text = `Cannot tell which table ${key} belongs to. Columns seen: ${listed(names)}.`;
  if (closest) {
    const table = tableSpec(closest.layout.table);
    const bound = bindFields(table, fields, 'header');
    text +=
      ` Closest known layout: ${closest.layout.title} (${table.name}; ${Math.round(closest.score * 100)}% of its ` +
      `columns present), which still needs ${bound.missingRequired.map((c) => describeColumnSources(table, c)).join('; ')}.`;
  } else {
    text += ` It matches none of the known layouts (${KNOWN_LAYOUTS.map((l) => l.title).join('; ')}).`;
  }
  return (
    text +
    ' Map it: name it post_results*.csv (posts) or instagram_results*.csv (restaurants), and say which of its ' +
    'columns is which, e.g. instalake ingest <file> --map <your column>=creator --set creator=<handle>, or a ' +
    'mapping file rule (README, "Mapping what a file cannot say").'
  );
}
