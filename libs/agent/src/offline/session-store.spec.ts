import type { Turn } from '@instalake/semantic';
import { ManualClock } from '../ports/clock';
import { SessionStore } from './session-store';

const turn = (handle: string): Turn => ({
  plan: { op: 'profile', filters: { window: { kind: 'all' } }, handle },
  focus: { posts: [], accounts: [handle], hashtags: [] },
});

describe('SessionStore', () => {
  it('keeps a session while it is used and forgets it after the idle time-out', () => {
    const clock = new ManualClock(new Date('2024-05-01T00:00:00Z'));
    const store = new SessionStore(clock, { idleMs: 60_000 });
    store.remember('s1', turn('a'));
    clock.advance(59_000);
    expect(store.last('s1')?.plan).toMatchObject({ op: 'profile', handle: 'a' });
    store.remember('s1', undefined); // an unanswerable turn keeps the context and refreshes the timer
    clock.advance(59_000);
    expect(store.last('s1')).toBeDefined();
    clock.advance(2_000);
    expect(store.last('s1')).toBeUndefined();
  });

  it('evicts the least recently used session beyond the cap', () => {
    const store = new SessionStore(new ManualClock(new Date()), { maxSessions: 2 });
    store.remember('a', turn('a'));
    store.remember('b', turn('b'));
    store.remember('a', turn('a2'));
    store.remember('c', turn('c'));
    expect(store.size).toBe(2);
    expect(store.last('b')).toBeUndefined();
    expect(store.last('a')?.plan).toMatchObject({ handle: 'a2' });
  });
});
