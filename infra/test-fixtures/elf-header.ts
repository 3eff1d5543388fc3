/** A 64-byte ELF64 header as a linker writes it (only the fields lib/elf-header.ts reads are meaningful). */
export function elfHeader(machine: number, elfClass = 2): Buffer {
  const header = Buffer.alloc(64);
  header.set([0x7f, 0x45, 0x4c, 0x46, elfClass, 1, 1], 0);
  header.writeUInt16LE(3, 16); // ET_DYN: shared object
  header.writeUInt16LE(machine, 18);
  return header;
}

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

/**
 * A stand-in DuckDB extension file: an ELF header, `body`, and the 512-byte metadata footer DuckDB appends
 * (eight 32-byte fields stored last first: magic "4", platform, DuckDB version, extension version, ABI; then a
 * 256-byte signature, zeros here).
 */
export function extensionFile(
  body: string,
  options: { machine?: number; platform?: string; duckdbVersion?: string } = {},
): Buffer {
  const field = (value: string) => {
    const b = Buffer.alloc(32);
    b.write(value, 'latin1');
    return b;
  };
  const fields = [
    '4',
    options.platform ?? 'linux_arm64',
    options.duckdbVersion ?? 'v1.5.5',
    'abc1234',
    'CPP',
    '',
    '',
    '',
  ];
  return Buffer.concat([
    elfHeader(options.machine ?? EM_AARCH64),
    Buffer.from(body),
    ...fields.reverse().map(field),
    Buffer.alloc(256),
  ]);
}
