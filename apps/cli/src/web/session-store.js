// Keeps the conversation's sessionId in localStorage so a reload continues the same conversation.
// Storage can be unavailable (privacy modes throw on access): the page then keeps the id in memory.

export const SESSION_STORAGE_KEY = 'instalake.sessionId';
/** The API (and Bedrock) accept 2-100 characters of 0-9 a-z A-Z . _ : - */
export const SESSION_ID_PATTERN = /^[0-9a-zA-Z._:-]{2,100}$/;

/**
 * @param {{ storage?: Storage | null, randomId: () => string }} deps
 */
export function createSessionStore({ storage, randomId }) {
  let current = null;

  const read = () => {
    try {
      return storage ? storage.getItem(SESSION_STORAGE_KEY) : null;
    } catch {
      return null;
    }
  };
  const write = (id) => {
    try {
      storage?.setItem(SESSION_STORAGE_KEY, id);
    } catch {
      // Storage full or blocked: the id still lives in memory for this page.
    }
  };

  return {
    /** The current sessionId, restored from storage or freshly generated. */
    current() {
      if (current) return current;
      const stored = read();
      current = stored && SESSION_ID_PATTERN.test(stored) ? stored : this.startNew();
      return current;
    },
    /** Starts a new conversation: a fresh id replaces the stored one. */
    startNew() {
      const id = randomId();
      if (!SESSION_ID_PATTERN.test(id))
        throw new Error(`Generated sessionId "${id}" does not match ${SESSION_ID_PATTERN}`);
      current = id;
      write(id);
      return id;
    },
  };
}
