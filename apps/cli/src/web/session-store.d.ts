export const SESSION_STORAGE_KEY: string;
export const SESSION_ID_PATTERN: RegExp;
export interface SessionStore {
  current(): string;
  startNew(): string;
}
export function createSessionStore(deps: {
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  randomId: () => string;
}): SessionStore;
