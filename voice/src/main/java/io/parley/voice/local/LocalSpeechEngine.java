package io.parley.voice.local;

/**
 * Which in-process engine speaks: {@code flite} where the program is installed (better voices),
 * else FreeTTS, which always is ({@link #AUTO}); or one of them on purpose.
 */
public enum LocalSpeechEngine {
  AUTO,
  FREETTS,
  FLITE
}
