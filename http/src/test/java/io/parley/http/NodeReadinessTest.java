package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class NodeReadinessTest {
  @AutoClose("shutdownTestKit") private final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void theManagementPortsStartupAndReadinessFailUntilTheHttpPortIsBound() {
    ActorSystem system = Adapter.toClassic(testKit.system());
    CompletableFuture<Void> bound = new CompletableFuture<>();
    // No database: the journal is not asked while the port is not bound.
    List<Supplier<CompletionStage<Boolean>>> ready =
        NodeReadiness.setup(null, Duration.ofSeconds(1), bound).createHealthChecks().apply(system);
    List<Supplier<CompletionStage<Boolean>>> started = NodeReadiness.startup(bound).createHealthChecks().apply(system);
    assertFalse(ready.getFirst().get().toCompletableFuture().join());
    assertFalse(started.getFirst().get().toCompletableFuture().join());
    bound.complete(null);
    assertTrue(started.getFirst().get().toCompletableFuture().join());
  }
}
