package io.parley.voice.phone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The calls in progress on every node of the cluster: each node's {@link CallDirectory} is asked
 * in parallel; a node that does not answer within the timeout is named in {@link Answer#silentNodes}
 * rather than holding the answer up. A cluster without a SIP bridge anywhere has no calls. A call
 * the API cancels is cancelled by the node that placed it ({@link #cancel}).
 */
public final class ClusterCalls {
  /** Each answering node's calls (by address), and the nodes that did not answer in time. */
  public record Answer(List<CallDirectory.NodeCalls> nodes, List<String> silentNodes) {
    /** Every node's calls together, oldest first. */
    public List<OngoingCall> calls() {
      return nodes.stream().flatMap(node -> node.calls().stream())
          .sorted(Comparator.comparing(OngoingCall::startedAt).thenComparing(OngoingCall::callId)).toList();
    }
  }

  private ClusterCalls() {}

  /** The calls of {@code tenant} (every tenant's when empty) on every node holding calls. */
  public static CompletionStage<Answer> ask(ActorSystem<?> system, Optional<String> tenant, Duration timeout) {
    return directories(system, timeout).thenCompose(directories -> collect(system, directories, tenant, timeout));
  }

  /**
   * Cancels {@code tenant}'s call {@code callId} on whichever node placed it and holds it unanswered:
   * every node's directory is asked, as call ids are unique; true when one cancelled it. A node that
   * does not answer within the timeout counts as one that did not.
   */
  public static CompletionStage<Boolean> cancel(ActorSystem<?> system, String tenant, String callId, Duration timeout) {
    return directories(system, timeout).thenCompose(directories -> {
      List<CompletableFuture<Boolean>> asked = directories.stream()
          .map(directory -> AskPattern.<CallDirectory.Command, CallDirectory.CallCancelled>ask(directory,
                  replyTo -> new CallDirectory.CancelCall(tenant, callId, replyTo), timeout, system.scheduler())
              .handle((answer, failure) -> failure == null && answer.cancelled())
              .toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
          .thenApply(done -> asked.stream().anyMatch(CompletableFuture::join));
    });
  }

  private static CompletionStage<List<ActorRef<CallDirectory.Command>>> directories(ActorSystem<?> system,
      Duration timeout) {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(CallDirectory.KEY, replyTo), timeout, system.scheduler())
        .thenApply(listing -> listing.getServiceInstances(CallDirectory.KEY).stream()
            .sorted(Comparator.comparing(ref -> ref.path().toString())).toList());
  }

  private static CompletionStage<Answer> collect(ActorSystem<?> system, List<ActorRef<CallDirectory.Command>> directories,
      Optional<String> tenant, Duration timeout) {
    List<CompletableFuture<Optional<CallDirectory.NodeCalls>>> asked = directories.stream()
        .map(directory -> AskPattern.<CallDirectory.Command, CallDirectory.NodeCalls>ask(directory,
                replyTo -> new CallDirectory.ListCalls(tenant, replyTo), timeout, system.scheduler())
            .handle((calls, failure) -> Optional.ofNullable(failure == null ? calls : null))
            .toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<CallDirectory.NodeCalls> nodes = new ArrayList<>();
      List<String> silent = new ArrayList<>();
      for (int i = 0; i < asked.size(); i++) {
        Optional<CallDirectory.NodeCalls> calls = asked.get(i).join();
        if (calls.isPresent()) {
          nodes.add(calls.get());
        } else {
          silent.add(directories.get(i).path().address().toString());
        }
      }
      return new Answer(List.copyOf(nodes), List.copyOf(silent));
    });
  }
}
