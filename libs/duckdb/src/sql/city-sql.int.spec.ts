import { DuckDBInstance } from '@duckdb/node-api';
import { canonicalCity, canonicalCitySql, cityInTextSql, findCityInText } from '@instalake/lake-schema';

// The lake-schema city functions have DuckDB twins; both must give the same answer for every value.
const VALUES = [
  'NEW YORK',
  'new york',
  'NY',
  'Ny',
  'Manhattan',
  'New-York  City!',
  'SAN FRANCISCO',
  'San Fran',
  'SAN FRAN',
  'NOLA',
  'Chi-town',
  'St. Louis',
  'Montréal',
  'springfield',
  '  saint   paul ',
  'winston-salem',
  '',
  '   ',
  '--',
  'São Paulo',
  'são  PAULO',
  'montreal',
  'pizza nyc',
  'best tacos in san diego',
  'chicago pizza in new york',
  'tacos la',
  'sea bass miami',
  'seafood',
  'bbq',
  'Manhattan, NY',
  'Brooklyn, New York',
  'LA, CA',
  'San Francisco, CA 94110',
  'springfield, ma',
  ', x',
  ',',
];

describe('city SQL twins', () => {
  let rows: { v: string; canonical: string | null; inText: string | null; inTextAny: string | null }[];

  beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const values = VALUES.map((v) => `('${v.replace(/'/g, "''")}')`).join(', ');
    const result = await c.runAndReadAll(
      `SELECT v, ${canonicalCitySql('v')} AS canonical, ${cityInTextSql('v')} AS "inText",
              ${cityInTextSql('v', { allowAmbiguous: true })} AS "inTextAny"
       FROM (VALUES ${values}) t(v)`,
    );
    rows = result.getRowObjectsJS() as typeof rows;
    c.closeSync();
    instance.closeSync();
  });

  it('canonicalCitySql agrees with canonicalCity', () => {
    expect(rows.map((r) => [r.v, r.canonical ?? undefined])).toEqual(VALUES.map((v) => [v, canonicalCity(v)]));
  });

  it('cityInTextSql agrees with findCityInText, with and without ambiguous aliases', () => {
    expect(rows.map((r) => [r.v, r.inText ?? undefined])).toEqual(VALUES.map((v) => [v, findCityInText(v)?.city.name]));
    expect(rows.map((r) => [r.v, r.inTextAny ?? undefined])).toEqual(
      VALUES.map((v) => [v, findCityInText(v, { allowAmbiguous: true })?.city.name]),
    );
  });

  it('is NULL for a NULL value', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const r = await c.runAndReadAll(
      `SELECT ${canonicalCitySql('v')} AS a, ${cityInTextSql('v')} AS b FROM (SELECT NULL::VARCHAR AS v)`,
    );
    expect(r.getRowObjectsJS()).toEqual([{ a: null, b: null }]);
    c.closeSync();
    instance.closeSync();
  });
});
