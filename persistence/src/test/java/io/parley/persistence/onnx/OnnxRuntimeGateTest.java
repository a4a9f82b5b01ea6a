package io.parley.persistence.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OnnxRuntimeGateTest {
  @Test
  void anOpenGateRunsTheUseWithTheEnvironment() throws Exception {
    OnnxRuntimeGate gate = new OnnxRuntimeGate();

    assertSame(OrtEnvironment.getEnvironment(), gate.use(environment -> environment), "the JVM's one environment");
    assertFalse(gate.isClosed());
  }

  @Test
  void closingWaitsForTheUseUnderWayAndRefusesEveryNewOne() throws Exception {
    OnnxRuntimeGate gate = new OnnxRuntimeGate();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<String> loading = CompletableFuture.supplyAsync(() -> {
      try {
        return gate.use(environment -> {
          inside.countDown();
          awaitUninterruptibly(finish);
          return "loaded";
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(inside.await(30, TimeUnit.SECONDS));

    assertFalse(gate.close(Duration.ofMillis(50)), "a use is under way");
    assertTrue(gate.isClosed());
    assertThrows(OnnxRuntimeClosedException.class, () -> gate.use(environment -> "too late"));

    finish.countDown();
    assertEquals("loaded", loading.get(30, TimeUnit.SECONDS), "the use under way finishes");
    assertTrue(gate.close(Duration.ofSeconds(30)), "none is left under way");
    assertTrue(gate.close(Duration.ZERO), "closing again says the same at once");
    assertThrows(OnnxRuntimeClosedException.class, () -> gate.use(environment -> "too late"));
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
