package io.parley.voice.speech;

/** A speech engine failed: unreachable, refused the request, answered garbage, or crashed. */
public class VoiceEngineException extends Exception {
  private final String engine;

  public VoiceEngineException(String engine, String message, Throwable cause) {
    super(engine + ": " + message, cause);
    this.engine = engine;
  }

  public VoiceEngineException(String engine, String message) {
    this(engine, message, null);
  }

  /** The {@code name()} of the engine that failed. */
  public String engine() {
    return engine;
  }
}
