import { createSessionStore, SESSION_ID_PATTERN, SESSION_STORAGE_KEY } from './session-store.js';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const ids = (...values: string[]) => {
  const queue = [...values];
  return () => queue.shift() ?? 'exhausted-id-source';
};

describe('createSessionStore', () => {
  it('generates a sessionId on first use and stores it', () => {
    const storage = new MemoryStorage();
    const store = createSessionStore({ storage, randomId: ids('3f0c9a8e-1b2c-4d5e-8f90-a1b2c3d4e5f6') });
    expect(store.current()).toBe('3f0c9a8e-1b2c-4d5e-8f90-a1b2c3d4e5f6');
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBe('3f0c9a8e-1b2c-4d5e-8f90-a1b2c3d4e5f6');
  });

  it('restores the stored sessionId after a reload', () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_STORAGE_KEY, 'kept-session-1');
    const store = createSessionStore({ storage, randomId: ids('never-used') });
    expect(store.current()).toBe('kept-session-1');
  });

  it('replaces a stored value the API would reject', () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_STORAGE_KEY, '<script>');
    const store = createSessionStore({ storage, randomId: ids('fresh-session') });
    expect(store.current()).toBe('fresh-session');
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBe('fresh-session');
  });

  it('starts a new conversation with a different id', () => {
    const storage = new MemoryStorage();
    const store = createSessionStore({ storage, randomId: ids('first-id', 'second-id') });
    const first = store.current();
    const second = store.startNew();
    expect(second).not.toBe(first);
    expect(store.current()).toBe('second-id');
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBe('second-id');
  });

  it('keeps working in memory when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const store = createSessionStore({ storage: broken, randomId: ids('memory-only') });
    expect(store.current()).toBe('memory-only');
    expect(store.current()).toBe('memory-only');
  });

  it('refuses a generator that produces ids the API would reject', () => {
    const store = createSessionStore({ storage: null, randomId: ids('x') });
    expect(() => store.current()).toThrow(/does not match/);
  });

  it('accepts what crypto.randomUUID produces', () => {
    expect(SESSION_ID_PATTERN.test(crypto.randomUUID())).toBe(true);
  });
});
