import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InstalakeError } from '@instalake/errors';
import { QueryRejectedError, QueryTimeoutError } from '@instalake/query-guard';
import { describeError } from './describe-error';
import { ERROR_TABLE, EXIT } from './error-table';

const REPO = resolve(__dirname, '../../../..');

/** Every code literal passed to an error constructor (`new XError('CODE'`, `super('CODE'`) in the sources. */
function raisedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /(?:new \w*Error\(|super\()\s*(?:'[a-z-]+',\s*)?'([A-Z][A-Z0-9_]{3,})'/g;
  for (const top of ['apps', 'libs']) {
    for (const entry of readdirSync(join(REPO, top), { recursive: true, withFileTypes: true })) {
      const file = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !file.endsWith('.ts') || /\.spec\.ts$|node_modules|\/dist\//.test(file)) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(pattern))
        found.set(match[1], file.slice(REPO.length + 1));
    }
  }
  return found;
}

describe('ERROR_TABLE', () => {
  it('has a row for every error code the sources raise', () => {
    const codes = raisedCodes();
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].filter(([code]) => !(code in ERROR_TABLE)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('answers refused SQL with 400 and exit code 3, a time-out with 408', () => {
    expect(describeError(new QueryRejectedError('NOT_A_SELECT', 'Send a SELECT.'), 'x')).toEqual({
      status: 400,
      exit: EXIT.refusedQuery,
      code: 'NOT_A_SELECT',
      message: 'Send a SELECT.',
      detail: 'Send a SELECT.',
      expected: true,
    });
    expect(describeError(new QueryTimeoutError(10), 'x')).toMatchObject({ status: 408, code: 'QUERY_TIMEOUT' });
  });

  it('gives remote callers the public message for internal conditions, and keeps the detail for the log', () => {
    const answer = describeError(new InstalakeError('LAKE_UNAVAILABLE', 'lock on /home/me/lake.duckdb'), 'x');
    expect(answer).toMatchObject({ status: 503, message: expect.stringMatching(/not available right now/) });
    expect(answer.detail).toBe('lock on /home/me/lake.duckdb');
  });

  it('never passes a foreign error message on', () => {
    const foreign = Object.assign(new Error('EACCES /etc/shadow'), { code: 'EACCES' });
    expect(describeError(foreign, 'Try again.')).toEqual({
      status: 500,
      exit: EXIT.failed,
      code: 'INTERNAL_ERROR',
      message: 'Try again.',
      detail: 'EACCES /etc/shadow',
      expected: false,
    });
  });
});
