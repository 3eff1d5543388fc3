import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { MappingError, mappingProblems, UPLOAD_EXTENSIONS, type IngestFileResult } from '@instalake/ingestion';
import type { FileMapping } from '@instalake/lake-schema';
import { UsageError, type CommandModule } from './command-module';
import { describeIngestResults, ingestExitCode } from './ingest-output';

/** A local file and the key it gets under uploads/: its path inside a folder given, else its name. */
interface Upload {
  readonly file: string;
  readonly key: string;
}

const isUpload = (name: string) => UPLOAD_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

async function uploadsIn(path: string): Promise<Upload[]> {
  const s = await stat(path).catch(() => {
    throw new UsageError(`No such file or directory: ${path}`);
  });
  if (s.isFile()) return [{ file: path, key: basename(path) }];
  const found: Upload[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      // Folders keep their structure: a/post_results.csv and b/post_results.csv stay two uploads.
      else if (entry.isFile() && isUpload(entry.name))
        found.push({ file: full, key: relative(path, full).split(sep).join('/') });
    }
  };
  await walk(path);
  return found;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** --set creator=x / --map owner=creator pairs; a missing "=" is a usage error that says what is expected. */
function pairs(values: readonly string[], flag: string, shape: string): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  return Object.fromEntries(
    values.map((v) => {
      const at = v.indexOf('=');
      if (at <= 0) throw new MappingError(`(${flag})`, [`"${v}" is not ${shape}`]);
      return [v.slice(0, at).trim(), v.slice(at + 1)];
    }),
  );
}

interface IngestOptions {
  json?: boolean;
  set: string[];
  map: string[];
  table?: string;
  dateOrder?: string;
}

/** What the flags say about every file of this call, validated like a mapping file rule. */
export function mappingFromFlags(options: IngestOptions): FileMapping | undefined {
  const mapping: FileMapping = {
    ...(options.table && { table: options.table as FileMapping['table'] }),
    ...(options.dateOrder && { dateOrder: options.dateOrder.toUpperCase() as FileMapping['dateOrder'] }),
    ...(options.set.length && { set: pairs(options.set, '--set', 'column=value (e.g. --set creator=arijitsingh)') }),
    ...(options.map.length && { map: pairs(options.map, '--map', 'field=column (e.g. --map owner=creator)') }),
  };
  if (Object.keys(mapping).length === 0) return undefined;
  const problems = mappingProblems(mapping, 'flags');
  if (problems.length) throw new MappingError('(command-line flags)', problems);
  return mapping;
}

export const registerIngest: CommandModule = (program: Command, ctx) => {
  program
    .command('ingest')
    .description(
      'Copy scraper files (CSV, JSON, JSON Lines; or every such file in folders, keeping their paths) into the raw ' +
        'bucket uploads/ and ingest them into the lake',
    )
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print one JSON result per file (an array)')
    .option(
      '--set <column=value>',
      'a value for a column the file lacks, e.g. --set creator=arijitsingh (repeatable)',
      collect,
      [],
    )
    .option(
      '--map <field=column>',
      'read a field of the file as a lake column, e.g. --map owner=creator (repeatable)',
      collect,
      [],
    )
    .option('--table <table>', 'posts or restaurants, when neither the file name nor its columns say')
    .option('--date-order <order>', 'MDY or DMY: how to read numeric dates such as 03/04/2025')
    .addHelpText(
      'after',
      '\nA mapping file (INSTALAKE_MAPPING_FILE, or the raw-bucket key INSTALAKE_MAPPING_KEY) gives the same per file ' +
        'pattern; flags apply to every file of this call and win. See README, "Mapping what a file cannot say".',
    )
    .action(async (paths: string[], options: IngestOptions) => {
      const mapping = mappingFromFlags(options);
      const { ingestCsvFile } = await ctx.ingestion();
      const results: IngestFileResult[] = [];
      for (const path of paths) {
        for (const upload of await uploadsIn(path)) {
          const ref = { bucket: ctx.config.rawBucket, key: `${ctx.config.uploadPrefix}${upload.key}` };
          await ctx.objectStore.putFile(ref, upload.file);
          results.push(await ingestCsvFile.execute(ref, { mapping }));
        }
      }
      ctx.print(results, { json: options.json, text: () => describeIngestResults(results) });
      process.exitCode = ingestExitCode(results);
    });
};
