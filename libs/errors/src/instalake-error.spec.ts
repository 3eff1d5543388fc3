import { ConfigError, InstalakeError, isInstalakeError } from './index';

class SampleRefusedError extends InstalakeError {
  constructor(detail: string, cause?: unknown) {
    super('SAMPLE_REFUSED', `The sample was refused: ${detail}. Send a smaller one.`, { cause });
  }
}

describe('InstalakeError', () => {
  it('carries a stable code, the actionable message, the cause and the concrete class name', () => {
    const cause = new Error('disk full');
    const error = new SampleRefusedError('too big', cause);
    expect(error).toBeInstanceOf(Error);
    expect(isInstalakeError(error)).toBe(true);
    expect(error.code).toBe('SAMPLE_REFUSED');
    expect(error.name).toBe('SampleRefusedError');
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'SAMPLE_REFUSED',
      message: 'The sample was refused: too big. Send a smaller one.',
    });
  });

  it('is not claimed by foreign errors that merely have a code property', () => {
    const foreign = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    expect(isInstalakeError(foreign)).toBe(false);
  });

  it('has one ConfigError for every app', () => {
    const error = new ConfigError('Invalid configuration: DUCKDB_THREADS must be a whole number');
    expect(error).toBeInstanceOf(InstalakeError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', name: 'ConfigError' });
  });
});
