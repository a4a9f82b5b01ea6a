package io.parley.core.erasure;

/** What the key store holds for a session. */
public sealed interface KeyLookup {
  /** The session's journal is sealed with this key. */
  record Found(DataKey key) implements KeyLookup {}

  /** The session was erased: its key is gone, and its journal cannot be read any more. */
  record Erased() implements KeyLookup {}

  /** No key: a session never started, or one started before journals were sealed (its events are plain). */
  record Absent() implements KeyLookup {}
}
