package io.parley.persistence.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one way into ONNX Runtime (the embedding model, Silero VAD): every use passes this gate,
 * and a stopping process closes it before the JVM's shutdown hooks run.
 *
 * <p>ONNX Runtime's Java binding frees its native environment in a JVM shutdown hook of its own,
 * and shutdown hooks run side by side: a model still loading, or an inference still running, when
 * the JVM begins to exit crashed it in {@code libonnxruntime.so} (SIGSEGV, SIGBUS, or
 * {@code ORT_FAIL} on a freed logger). That hook cannot be ordered after anyone's, so the gate is
 * closed before the hooks start ({@code ProcessExit} in the http module): closing refuses new
 * uses and waits for those under way; once it is closed, nothing here touches ONNX Runtime again.
 */
public final class OnnxRuntimeGate {
  /** ONNX Runtime has one environment per JVM, freed by one hook, so the JVM has one gate. */
  private static final OnnxRuntimeGate JVM = new OnnxRuntimeGate();

  /** Held (shared) by each use; held for good by {@link #close} once the uses under way are done. */
  private final ReentrantReadWriteLock uses = new ReentrantReadWriteLock();
  private volatile boolean closed;
  /** Whether {@link #close} saw the last use end; guarded by this. */
  private boolean drained;

  /** A gate of its own, for a test that closes it; the node's uses go through {@link #jvm()}. */
  public OnnxRuntimeGate() {}

  public static OnnxRuntimeGate jvm() {
    return JVM;
  }

  /** Work on ONNX Runtime's environment, and on the sessions and tensors made from it. */
  @FunctionalInterface
  public interface Use<T> {
    T apply(OrtEnvironment environment) throws OrtException;
  }

  /**
   * Runs {@code use} on this thread, the gate held open until it returns.
   *
   * @throws OnnxRuntimeClosedException once the gate is closed: the process is stopping
   */
  public <T> T use(Use<T> use) throws OrtException {
    Lock shared = uses.readLock();
    // tryLock: after close the write lock is held for good, and lock() would wait for ever.
    if (!shared.tryLock()) throw new OnnxRuntimeClosedException();
    try {
      if (closed) throw new OnnxRuntimeClosedException();
      return use.apply(OrtEnvironment.getEnvironment());
    } finally {
      shared.unlock();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Refuses every use from now on and waits up to {@code timeout} for those under way (a model's
   * load takes about a second, an inference milliseconds).
   *
   * @return whether none is left under way; false after the timeout, when ONNX Runtime may still be in use
   */
  public synchronized boolean close(Duration timeout) throws InterruptedException {
    closed = true;
    if (!drained) drained = uses.writeLock().tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return drained;
  }
}
