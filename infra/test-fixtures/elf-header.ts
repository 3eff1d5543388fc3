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
