import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elfHeader, EM_AARCH64, EM_X86_64 } from '../test-fixtures/elf-header';
import {
  compareVersions,
  elfMachineOf,
  LAMBDA_NODEJS22_LIBRARIES,
  requiredLibraryVersions,
  unmetLibraryVersions,
} from './elf-header';

describe('elfMachineOf', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'elf-spec-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: Buffer | string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('names aarch64 and x86_64 shared objects from e_machine', () => {
    expect(elfMachineOf(file('arm.so', elfHeader(EM_AARCH64)))).toBe('aarch64');
    expect(elfMachineOf(file('x64.so', elfHeader(EM_X86_64)))).toBe('x86_64');
    expect(elfMachineOf(file('riscv.so', elfHeader(243)))).toBe('machine 243');
  });

  it('rejects files that are not 64-bit little-endian ELF', () => {
    expect(elfMachineOf(file('text.node', 'binary'))).toBeNull();
    expect(elfMachineOf(file('elf32.so', elfHeader(EM_AARCH64, 1)))).toBeNull();
    expect(elfMachineOf(file('macho.node', Buffer.from('cffaedfe0c000001000000000000000000000000', 'hex')))).toBeNull();
  });

  const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64' ? it : it.skip;
  onLinuxX64('reads the real x64 DuckDB binding the repo installs for its own tests', () => {
    const binding = require.resolve('@duckdb/node-bindings-linux-x64/duckdb.node');
    expect(elfMachineOf(binding)).toBe('x86_64');
  });
});

describe('glibc and libstdc++ symbol versions', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'elf-versions-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the highest versions named in the dynamic string table, numerically', () => {
    const file = join(dir, 'lib.so');
    writeFileSync(
      file,
      Buffer.concat([
        elfHeader(EM_AARCH64),
        Buffer.from('\0GLIBC_2.9\0GLIBC_2.17\0GLIBCXX_3.4.9\0GLIBCXX_3.4.21\0GLIBC_PRIVATE\0GLIBCXX_3.4\0'),
      ]),
    );
    expect(requiredLibraryVersions(file)).toEqual({ glibc: '2.17', glibcxx: '3.4.21' });
    writeFileSync(file, elfHeader(EM_AARCH64));
    expect(requiredLibraryVersions(file)).toEqual({ glibc: null, glibcxx: null });
  });

  it('orders versions by number and reports what the Lambda runtime lacks', () => {
    expect(['2.34', '2.9', '2.17'].sort(compareVersions)).toEqual(['2.9', '2.17', '2.34']);
    expect(compareVersions('3.4.29', '3.4')).toBeGreaterThan(0);
    expect(unmetLibraryVersions({ glibc: '2.34', glibcxx: '3.4.29' })).toEqual([]);
    expect(unmetLibraryVersions({ glibc: '2.38', glibcxx: '3.4.32' })).toEqual([
      'GLIBC_2.38 (runtime has 2.34)',
      'GLIBCXX_3.4.32 (runtime has 3.4.29)',
    ]);
    expect(LAMBDA_NODEJS22_LIBRARIES).toEqual({ glibc: '2.34', glibcxx: '3.4.29' });
  });
});
