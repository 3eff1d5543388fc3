import { isLockConflict, lockHolder, withLockWait } from './lake-lock';

const conflict = () =>
  Object.assign(
    new Error('Cannot open the local lake catalog: IO Error: Could not set lock on file "/x/lake.duckdb"'),
    {
      cause: new Error(
        'IO Error: Could not set lock on file "/x/lake.duckdb": Conflicting lock is held in /usr/bin/node (PID 4242). See also ...',
      ),
    },
  );

describe('withLockWait', () => {
  it('retries a lock conflict until the lake is free, telling once who holds it', async () => {
    let clock = 0;
    let attempts = 0;
    const waits: unknown[] = [];
    const result = await withLockWait(
      async () => {
        if (++attempts < 4) throw conflict();
        return 'opened';
      },
      {
        timeoutMs: 10_000,
        onWait: (holder, ms) => waits.push([holder, ms]),
        sleep: async (ms) => void (clock += ms),
        now: () => clock,
      },
    );
    expect(result).toBe('opened');
    expect(attempts).toBe(4);
    expect(waits).toEqual([['PID 4242 (/usr/bin/node)', 10_000]]);
  });

  it('gives up after the timeout with the last error, and never retries other errors', async () => {
    let clock = 0;
    const options = { timeoutMs: 1000, sleep: async (ms: number) => void (clock += ms), now: () => clock };
    await expect(withLockWait(async () => Promise.reject(conflict()), options)).rejects.toThrow(/Could not set lock/);
    expect(clock).toBe(1000);
    let calls = 0;
    await expect(withLockWait(async () => Promise.reject(new Error(`boom ${++calls}`)), options)).rejects.toThrow(
      'boom 1',
    );
  });

  it('recognises conflicts through causes only', () => {
    expect(isLockConflict(conflict())).toBe(true);
    expect(isLockConflict(new Error('Catalog Error: x'))).toBe(false);
    expect(lockHolder(new Error('nothing'))).toBeUndefined();
  });
});
