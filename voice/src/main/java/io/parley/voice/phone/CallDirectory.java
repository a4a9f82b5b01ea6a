package io.parley.voice.phone;

import io.parley.core.CborSerializable;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node's answer to "which calls are you holding?": registered with the receptionist under
 * {@link #KEY} on every node whose SIP bridge runs, so that {@link ClusterCalls} finds them all.
 * Calls cannot move between nodes (their RTP is bound to the node), so each node lists its own, and
 * cancels its own: a call is cancelled where its SIP dialog is, whichever node was asked.
 */
public final class CallDirectory {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "parley-phone-calls");

  public sealed interface Command extends CborSerializable {}

  /** The node's calls in progress, only {@code tenant}'s when given. */
  public record ListCalls(Optional<String> tenant, ActorRef<NodeCalls> replyTo) implements Command {}

  /** @param node the answering node's cluster address */
  public record NodeCalls(String node, List<OngoingCall> calls) implements CborSerializable {}

  /** Cancels {@code tenant}'s call {@code callId} (its id in the API) if this node placed it and it is not answered yet. */
  public record CancelCall(String tenant, String callId, ActorRef<CallCancelled> replyTo) implements Command {}

  /** Whether the node that answered cancelled the call. */
  public record CallCancelled(boolean cancelled) implements CborSerializable {}

  /** What cancels a call this node placed, by tenant and id; false when it holds none such. */
  @FunctionalInterface
  public interface Cancelling {
    boolean cancel(String tenant, String callId);
  }

  private CallDirectory() {}

  /** The directory of {@code registry}'s calls; {@code cancelling} cancels the calls the node placed. */
  public static Behavior<Command> create(CallRegistry registry, Cancelling cancelling) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      String node = Cluster.get(ctx.getSystem()).selfMember().address().toString();
      return Behaviors.receive(Command.class)
          .onMessage(ListCalls.class, list -> {
            list.replyTo().tell(new NodeCalls(node, registry.calls(list.tenant())));
            return Behaviors.same();
          })
          .onMessage(CancelCall.class, cancel -> {
            cancel.replyTo().tell(new CallCancelled(cancelling.cancel(cancel.tenant(), cancel.callId())));
            return Behaviors.same();
          })
          .build();
    });
  }
}
