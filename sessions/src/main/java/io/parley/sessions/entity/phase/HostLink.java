package io.parley.sessions.entity.phase;

import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.host.SessionRest;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Where a session incarnation lives: the {@link io.parley.sessions.host.SessionHost} that keeps it
 * while it sleeps (none for a session run on its own, in tests), the address its followers reach it
 * at, and its shard, which passivates it.
 */
public final class HostLink {
  private final ActorContext<SessionInput> context;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Optional<SessionRest.Host> host;
  // Where the host's question whether to sleep is heard, as the session's own command.
  private final ActorRef<SessionRest.Sleep> asks;

  public HostLink(ActorContext<SessionInput> context, ActorRef<ClusterSharding.ShardCommand> shard,
      Optional<SessionRest.Host> host) {
    this.context = context;
    this.shard = shard;
    this.host = host;
    this.asks = context.messageAdapter(SessionRest.Sleep.class, asked -> new InternalCommand.Sleep());
    // Woken by no command: whether it is at rest is asked once its replay is done.
    if (host.filter(SessionRest.Host::unasked).isPresent()) context.getSelf().tell(new InternalCommand.IdleCheck());
  }

  /** This incarnation. */
  public ActorRef<SessionCommand> self() {
    return context.getSelf().narrow();
  }

  /** Where the session is reached while it lives: its host's address, which outlives each incarnation. */
  public ActorRef<SessionCommand> address() {
    return host.map(SessionRest.Host::address).orElseGet(this::self);
  }

  /** Tells the host that nothing is under way; it may ask the session to sleep. */
  public void resting() {
    tellHost(new SessionRest.Resting(self(), asks));
  }

  /** Tells the host about sleeping; a session without a host never sleeps. */
  public void tellHost(SessionRest said) {
    host.ifPresent(h -> h.tell(said));
  }

  public void passivate() {
    shard.tell(new ClusterSharding.Passivate<>(address()));
  }
}
