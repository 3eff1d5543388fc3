import { csvColumns, FILE_TABLES, FileMapping, FileTableName } from '@instalake/lake-schema';
import { MappingError } from '../errors';

/** One rule of a mapping file: the files it applies to and what it says about them. */
export interface MappingRule extends FileMapping {
  /** Glob on the key relative to the upload prefix (`instaloader/**`, `*_reels.csv`); without "/" it matches the name. */
  readonly files: string;
}

/** A mapping file: the first rule whose `files` matches a key applies to it. */
export interface IngestMappingDocument {
  readonly rules: readonly MappingRule[];
}

const RULE_KEYS = new Set(['files', 'table', 'map', 'set', 'dateOrder', 'description']);
const TABLE_NAMES = FILE_TABLES.map((t) => t.name as FileTableName);

/** Validates a FileMapping (from a rule or CLI flags); returns the problems, each naming where it is. */
export function mappingProblems(mapping: FileMapping, where: string): string[] {
  const problems: string[] = [];
  if (mapping.table !== undefined && !TABLE_NAMES.includes(mapping.table))
    problems.push(`${where}.table is "${String(mapping.table)}": use ${TABLE_NAMES.join(' or ')}`);
  const tables = FILE_TABLES.filter((t) => !mapping.table || t.name === mapping.table);
  const columns = new Set(tables.flatMap((t) => csvColumns(t).map((c) => c.name)));
  const known = () => [...columns].join(', ');
  const check = (entries: unknown, label: string, column: (k: string, v: string) => string) => {
    if (entries === undefined) return;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      problems.push(`${where}.${label} must be an object of strings`);
      return;
    }
    for (const [k, v] of Object.entries(entries)) {
      if (typeof v !== 'string') problems.push(`${where}.${label}.${k} must be a string, got ${JSON.stringify(v)}`);
      else if (k.trim() === '') problems.push(`${where}.${label} has an empty name`);
      else if (k.includes('\0') || v.includes('\0'))
        problems.push(`${where}.${label}.${k.replace(/\0/g, '\\0')} contains a NUL character (\\0): remove it`);
      else if (!columns.has(column(k, v)))
        problems.push(
          `${where}.${label}: "${column(k, v)}" is not a column of ${tables.map((t) => t.name).join(' or ')} (columns: ${known()})`,
        );
    }
  };
  check(mapping.map, 'map', (_k, v) => v);
  check(mapping.set, 'set', (k) => k);
  if (mapping.dateOrder !== undefined && mapping.dateOrder !== 'MDY' && mapping.dateOrder !== 'DMY')
    problems.push(`${where}.dateOrder is "${String(mapping.dateOrder)}": use MDY (03/04/2025 = March 4) or DMY`);
  return problems;
}

/** Parses and validates a mapping file's text; `origin` names it in errors (a path or s3:// key). */
export function parseIngestMapping(text: string, origin: string): IngestMappingDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError(origin, [`it is not JSON (${(error as Error).message})`]);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { rules?: unknown }).rules))
    throw new MappingError(origin, ['it must be an object with a "rules" array: {"rules": [{"files": "...", ...}]}']);
  const problems: string[] = [];
  const rules = (json as { rules: unknown[] }).rules.map((raw, i): MappingRule => {
    const where = `rules[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${where} must be an object`);
      return { files: '' };
    }
    const rule = raw as Record<string, unknown>;
    for (const key of Object.keys(rule))
      if (!RULE_KEYS.has(key)) problems.push(`${where}.${key} is not a rule field (use ${[...RULE_KEYS].join(', ')})`);
    if (typeof rule.files !== 'string' || rule.files.trim() === '')
      problems.push(`${where}.files must be a glob such as "instaloader/**" or "*.json"`);
    problems.push(...mappingProblems(rule as FileMapping, where));
    return rule as unknown as MappingRule;
  });
  for (const key of Object.keys(json as object))
    if (key !== 'rules' && key !== 'description') problems.push(`"${key}" is not a mapping field (use rules)`);
  if (problems.length) throw new MappingError(origin, problems);
  return { rules };
}

/** Glob to RegExp: `**` any path, `*` within one segment, `?` one character. */
function globPattern(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'i');
}

/** The rule for a key relative to the upload prefix (`a/post_results.csv`), or undefined. */
export function mappingRuleFor(document: IngestMappingDocument, relativeKey: string): MappingRule | undefined {
  const name = relativeKey.split('/').pop() ?? relativeKey;
  return document.rules.find((rule) => globPattern(rule.files).test(rule.files.includes('/') ? relativeKey : name));
}
