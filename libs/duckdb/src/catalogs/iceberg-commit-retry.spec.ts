import { CommitConflictError, isCommitConflict, withCommitRetry } from './iceberg-commit-retry';

const conflict = () =>
  new Error(
    'TransactionContext Error: Failed to commit: CommitFailedException: Requirement failed: branch main has changed',
  );

function failing(times: number, error: () => Error = conflict) {
  let calls = 0;
  const work = jest.fn(async () => {
    calls++;
    if (calls <= times) throw error();
    return 'merged';
  });
  return work;
}

describe('withCommitRetry', () => {
  it('retries commit conflicts with exponential, jittered backoff and returns the result', async () => {
    const delays: number[] = [];
    const work = failing(3);
    const result = await withCommitRetry(work, {
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.5,
      baseDelayMs: 100,
    });
    expect(result).toBe('merged');
    expect(work).toHaveBeenCalledTimes(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('caps the delay', async () => {
    const delays: number[] = [];
    await withCommitRetry(failing(4), {
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.999,
      baseDelayMs: 1000,
      maxDelayMs: 1500,
      attempts: 5,
    });
    expect(delays).toEqual([999, 1499, 1499, 1499]);
  });

  it('gives up after the configured attempts with an actionable CommitConflictError', async () => {
    const work = failing(10);
    const run = withCommitRetry(work, { attempts: 3, sleep: async () => undefined });
    await expect(run).rejects.toBeInstanceOf(CommitConflictError);
    await expect(withCommitRetry(failing(10), { attempts: 3, sleep: async () => undefined })).rejects.toMatchObject({
      code: 'COMMIT_CONFLICT',
      message: expect.stringContaining('after 3 attempts'),
    });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('fails at once on anything that is not a conflict', async () => {
    const work = failing(1, () => new Error('Binder Error: column "x" not found'));
    await expect(withCommitRetry(work, { sleep: async () => undefined })).rejects.toThrow('Binder Error');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('reports each retry', async () => {
    const onRetry = jest.fn();
    await withCommitRetry(failing(2), { sleep: async () => undefined, random: () => 0, onRetry });
    expect(onRetry.mock.calls.map(([info]) => info.attempt)).toEqual([1, 2]);
  });
});

describe('isCommitConflict', () => {
  it.each([
    'TransactionContext Error: Conflict on update!',
    'TransactionContext Error: Failed to commit: write-write conflict on key',
    'HTTP 409: CommitFailedException: Requirement failed: branch main was created concurrently',
    'IO Error: commit failed due to a conflict with a concurrent snapshot',
  ])('recognises %s', (message) => expect(isCommitConflict(new Error(message))).toBe(true));

  it.each([
    'Binder Error: Referenced column "x" not found',
    'IO Error: Extension "iceberg" not found',
    'HTTP 403 Forbidden',
  ])('does not retry %s', (message) => expect(isCommitConflict(new Error(message))).toBe(false));
});
