package io.parley.persistence.onnx;

import io.parley.persistence.PersistenceException;

/**
 * ONNX Runtime is no longer used because the process is stopping ({@link OnnxRuntimeGate#close}):
 * not a failure, so whoever catches it falls back or gives up quietly.
 */
public final class OnnxRuntimeClosedException extends PersistenceException {
  public OnnxRuntimeClosedException() {
    super("ONNX Runtime is closed: the process is stopping");
  }
}
