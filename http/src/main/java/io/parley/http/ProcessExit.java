package io.parley.http;

import io.parley.persistence.onnx.OnnxRuntimeGate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How a node's process ends: on SIGTERM, SIGINT or SIGHUP (Kubernetes stopping a pod, Ctrl-C, a
 * closed terminal), on a failed start, and once its actor system has stopped. Each way closes
 * ONNX Runtime's gate first, and only then lets the JVM run its shutdown hooks (Pekko's coordinated
 * shutdown among them). ONNX Runtime frees its native environment in a hook of its own, and hooks
 * run side by side: a model loading or running beside it crashed the JVM, and no hook of ours
 * could have closed the gate before it. The JVM's own handling of these signals exits at once, so
 * they are handled here instead, with the exit status the JVM gives them (128 + the signal).
 */
final class ProcessExit {
  /**
   * Long enough for a model that is loading to finish: about a second, but well over 10 s on cores
   * starved by other processes. With Kubernetes' preStop pause and the coordinated shutdown, still
   * within the pod's 60 s.
   */
  static final Duration ONNX_RUNTIME_DRAIN = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(ProcessExit.class);
  private static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "HUP");

  private ProcessExit() {}

  /** Makes the stop signals exit through {@link #exit}; call before anything loads a model. */
  static void handleStopSignals() {
    for (String name : STOP_SIGNALS) {
      try {
        Signal.handle(new Signal(name), signal -> exit(128 + signal.getNumber()));
      } catch (IllegalArgumentException e) {
        // The JVM keeps the signal (-Xrs) or the platform lacks it: it then stops the JVM as before.
        LOG.warn("SIG{} stops the JVM without waiting for ONNX Runtime: {}", name, e.getMessage());
      }
    }
  }

  /** Closes ONNX Runtime's gate, waiting for the loads and inferences under way, then exits with {@code status}. */
  static void exit(int status) {
    try {
      if (!OnnxRuntimeGate.jvm().close(ONNX_RUNTIME_DRAIN)) {
        LOG.warn("ONNX Runtime was still in use {} after the process began to stop; exiting anyway", ONNX_RUNTIME_DRAIN);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(status);
  }
}
