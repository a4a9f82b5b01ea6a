package io.parley.http.edge;

import io.parley.sessions.Edges;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * An edge's part in the node's graceful shutdown, inside the edge's own actor: registered with the
 * node's {@link Edges} while it lives, told to drain (at once if it opens while the node drains
 * already), and each drain it was told of answered once it has ended, so the node waits for it.
 */
public final class EdgeDrain {
  private final Edges edges;
  private final ActorRef<Edges.Drain> drains;
  private final List<ActorRef<Done>> waiting = new ArrayList<>();
  private Optional<String> reason = Optional.empty();

  private EdgeDrain(Edges edges, ActorRef<Edges.Drain> drains) {
    this.edges = edges;
    this.drains = drains;
  }

  /**
   * Registers the edge of {@code ctx} serving {@code tenant} (drained too when the tenant is
   * disabled), whose commands carry a drain as {@code asCommand} makes them.
   */
  public static <T> EdgeDrain register(ActorContext<T> ctx, Edges edges, String tenant, Function<Edges.Drain, T> asCommand) {
    ActorRef<Edges.Drain> drains = ctx.messageAdapter(Edges.Drain.class, asCommand::apply);
    edges.opened(drains, tenant).ifPresent(reason -> drains.tell(new Edges.Drain(reason, ctx.getSystem().ignoreRef())));
    return new EdgeDrain(edges, drains);
  }

  /** The node told the edge to drain: it is answered once the edge's actor has stopped ({@link #unregister}). */
  public void asked(Edges.Drain drain) {
    waiting.add(drain.replyTo());
    reason = Optional.of(drain.reason());
  }

  /** Why the edge is to end, once a drain told it to. */
  public Optional<String> reason() {
    return reason;
  }

  /**
   * The edge's actor stopped, its socket closed: it leaves the node's edges, and the drains that
   * told it to end are answered. Not sooner: once the drain is over the port closes whatever is
   * still open with a going-away close, which would overtake the edge's own close on its way out.
   */
  public void unregister() {
    edges.closed(drains);
    waiting.forEach(waiter -> waiter.tell(Done.getInstance()));
    waiting.clear();
  }
}
