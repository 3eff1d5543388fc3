import { DuckDBInstance } from '@duckdb/node-api';
import {
  MASKED_FORMATS,
  maskPhone,
  maskPhoneSql,
  maskPhonesInText,
  maskPhonesInTextSql,
  UNCHANGED_TEXTS,
} from '@instalake/lake-schema';

/** Deterministic strings built from the characters the masking cares about, to find any place the twins differ. */
function fuzzTexts(count: number): string[] {
  const alphabet = [
    ...'0123456789',
    ...'0123456789',
    '\uFF15',
    '\u0665',
    '\u096B',
    ' ',
    ' ',
    '-',
    '.',
    '/',
    '_',
    '(',
    ')',
    '+',
    ',',
    ':',
    '\u2013',
    '\u00A0',
    '\u200B',
    '\u0301',
    '\u0332',
    '\uFE0F',
    '\u20E3',
    '\u202D',
    '\uE000',
    '\uE001',
    'a',
    'T',
    '$',
    '#',
    '\n',
  ];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () =>
    Array.from({ length: 5 + Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  );
}

// The lake-schema masking functions have DuckDB twins; both must give the same answer for every text.
describe('phone masking SQL twins', () => {
  const texts = [
    ...MASKED_FORMATS.flatMap(([, text, masked]) => [text, masked]),
    ...UNCHANGED_TEXTS.map(([, text]) => text),
    ...fuzzTexts(3000),
  ];
  let rows: { v: string; text: string | null; phone: string | null }[];

  beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run('CREATE TABLE t (i INTEGER, v VARCHAR)');
    const appender = await c.createAppender('t');
    texts.forEach((text, i) => {
      appender.appendInteger(i);
      appender.appendVarchar(text);
      appender.endRow();
    });
    appender.closeSync();
    const result = await c.runAndReadAll(
      `SELECT v, ${maskPhonesInTextSql('v')} AS text, ${maskPhoneSql('v')} AS phone FROM t ORDER BY i`,
    );
    rows = result.getRowObjectsJS() as typeof rows;
    c.closeSync();
    instance.closeSync();
  });

  it('maskPhonesInTextSql agrees with maskPhonesInText on every format, every non-phone and random texts', () => {
    const differing = rows.filter((r) => r.text !== maskPhonesInText(r.v));
    expect(differing.map((r) => ({ v: r.v, sql: r.text, js: maskPhonesInText(r.v) }))).toEqual([]);
    expect(rows).toHaveLength(texts.length);
  });

  it('maskPhoneSql agrees with maskPhone', () => {
    expect(rows.filter((r) => r.phone !== maskPhone(r.v))).toEqual([]);
  });

  it('is NULL for NULL', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const r = await c.runAndReadAll(
      `SELECT ${maskPhonesInTextSql('v')} AS a, ${maskPhoneSql('v')} AS b FROM (SELECT NULL::VARCHAR AS v)`,
    );
    expect(r.getRowObjectsJS()).toEqual([{ a: null, b: null }]);
    c.closeSync();
    instance.closeSync();
  });
});
