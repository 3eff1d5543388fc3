import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** e_machine values we care about (ELF spec): what a native Node addon or DuckDB extension was built for. */
const MACHINES: Record<number, string> = { 62: 'x86_64', 183: 'aarch64' };

/**
 * Reads the ELF header of a native file and names its CPU, or null when it is not a 64-bit little-endian ELF
 * (e.g. a text file, a Mach-O or PE build). Lambda arm64 can only load `aarch64`.
 */
export function elfMachineOf(file: string): string | null {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, header.length, 0) < header.length) return null;
  } finally {
    closeSync(fd);
  }
  const magic = header[0] === 0x7f && header.toString('latin1', 1, 4) === 'ELF';
  if (!magic || header[4] !== 2 || header[5] !== 1) return null;
  const machine = header.readUInt16LE(18);
  return MACHINES[machine] ?? `machine ${machine}`;
}

export interface LibraryVersions {
  /** Highest GLIBC_x.y symbol version the file needs, or null when it names none. */
  readonly glibc: string | null;
  /** Highest GLIBCXX_x.y.z (libstdc++) symbol version, or null. */
  readonly glibcxx: string | null;
}

/**
 * What the Lambda nodejs22.x runtime offers: Amazon Linux 2023 ships glibc 2.34 and the libstdc++ of GCC 11
 * (GLIBCXX_3.4.29). A native file that needs newer symbols fails to load there with "version `GLIBC_2.xx' not found".
 */
export const LAMBDA_NODEJS22_LIBRARIES: LibraryVersions = { glibc: '2.34', glibcxx: '3.4.29' };

/**
 * The highest glibc and libstdc++ symbol versions a native file names. Version requirements are stored as plain
 * strings (`GLIBC_2.17`) in the dynamic string table, so a scan of the bytes finds them without an ELF parser.
 */
export function requiredLibraryVersions(file: string): LibraryVersions {
  const text = readFileSync(file).toString('latin1');
  const highest = (pattern: RegExp) =>
    [...text.matchAll(pattern)]
      .map((m) => m[1])
      .sort(compareVersions)
      .pop() ?? null;
  return { glibc: highest(/GLIBC_(\d+\.\d+(?:\.\d+)?)\0/g), glibcxx: highest(/GLIBCXX_(\d+\.\d+(?:\.\d+)?)\0/g) };
}

/** Numeric comparison of dotted versions: 2.9 < 2.17 < 2.34. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The requirements `needed` has beyond what `available` offers, e.g. `GLIBC_2.38 (runtime has 2.34)`. */
export function unmetLibraryVersions(
  needed: LibraryVersions,
  available: LibraryVersions = LAMBDA_NODEJS22_LIBRARIES,
): string[] {
  const unmet: string[] = [];
  if (needed.glibc && available.glibc && compareVersions(needed.glibc, available.glibc) > 0)
    unmet.push(`GLIBC_${needed.glibc} (runtime has ${available.glibc})`);
  if (needed.glibcxx && available.glibcxx && compareVersions(needed.glibcxx, available.glibcxx) > 0)
    unmet.push(`GLIBCXX_${needed.glibcxx} (runtime has ${available.glibcxx})`);
  return unmet;
}
