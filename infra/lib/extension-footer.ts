import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The metadata DuckDB appends to every extension file and checks before loading it: the last 512 bytes are
 * eight 32-byte NUL-padded fields, stored last field first, then the 256-byte signature. In reading order the
 * fields are: magic value ("4"), platform (`linux_arm64`), DuckDB version (`v1.5.5`), extension version (the
 * extension's git hash), ABI type (`CPP`: must match the DuckDB version exactly), then three unused.
 * (DuckDB's `ParsedExtensionMetaData`, src/main/extension/extension_load.cpp.)
 */
export interface ExtensionFooter {
  readonly magic: string;
  readonly platform: string;
  readonly duckdbVersion: string;
  readonly extensionVersion: string;
  readonly abi: string;
}

const FOOTER_SIZE = 512;
const FIELD_SIZE = 32;
const FIELDS = 8;
export const EXTENSION_MAGIC = '4';

/** The footer of an extension file, or null when the file is too short to hold one. */
export function readExtensionFooter(file: string): ExtensionFooter | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < FOOTER_SIZE) return null;
    const footer = Buffer.alloc(FIELD_SIZE * FIELDS);
    readSync(fd, footer, 0, footer.length, size - FOOTER_SIZE);
    const fields = Array.from({ length: FIELDS }, (_, i) =>
      footer.toString('latin1', i * FIELD_SIZE, (i + 1) * FIELD_SIZE).replace(/\0+$/, ''),
    ).reverse();
    const [magic, platform, duckdbVersion, extensionVersion, abi] = fields;
    return { magic, platform, duckdbVersion, extensionVersion, abi: abi || 'CPP' };
  } finally {
    closeSync(fd);
  }
}

/** What is wrong with an extension file for `platform` and `duckdbVersion`, or undefined when it fits. */
export function footerMismatch(file: string, platform: string, duckdbVersion: string): string | undefined {
  const footer = readExtensionFooter(file);
  if (!footer || footer.magic !== EXTENSION_MAGIC) return 'has no DuckDB extension footer';
  if (footer.platform !== platform) return `is built for platform ${footer.platform}, expected ${platform}`;
  if (footer.abi !== 'CPP' && footer.abi !== 'C_STRUCT_UNSTABLE')
    return `has ABI ${footer.abi}, expected one tied to the DuckDB version`;
  if (footer.duckdbVersion !== duckdbVersion)
    return `is built for DuckDB ${footer.duckdbVersion}, expected ${duckdbVersion}`;
  return undefined;
}
