import { closeSync, openSync, readSync } from 'node:fs';

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
