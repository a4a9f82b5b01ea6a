// Where a ParleyClient (session-client.js) keeps its session across page reloads: the session's
// id, the last seq seen and the outbox, in `storage` (localStorage, else memory) under one key,
// which the tabs of a page share.

/** localStorage can be missing or throw (disabled storage, private modes): then memory it is. */
export function defaultStorage() {
  try {
    const storage = globalThis.localStorage;
    if (storage) {
      storage.getItem('parley:probe');
      return storage;
    }
  } catch {
    // fall through to memory
  }
  const memory = new Map();
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => memory.set(key, String(value)),
    removeItem: (key) => memory.delete(key),
  };
}

export class StoredSession {
  /** `storage`: getItem, setItem, removeItem (localStorage's); `key`: where the session is kept. */
  constructor(storage, key) {
    this.storage = storage ?? defaultStorage();
    this.key = key;
  }

  /** `{sessionId, lastSeq, outbox}` as last written, or null (none, or unreadable: start clean). */
  read() {
    try {
      const stored = JSON.parse(this.storage.getItem(this.key) ?? 'null');
      return stored && typeof stored === 'object' ? stored : null;
    } catch {
      return null;
    }
  }

  /** Keeps the session; with neither a session nor a message to send, nothing is kept. */
  write({ sessionId, lastSeq, outbox }) {
    try {
      if (!sessionId && outbox.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify({ sessionId, lastSeq, outbox }));
    } catch {
      // storage full or gone: the outbox still lives in memory
    }
  }
}
