package io.parley.http.cluster;

import java.util.function.IntSupplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * How many members of the cluster are up, as this node sees them now (at least one: itself, even
 * before it joined): what a limit of the whole cluster is divided by where each node counts its
 * own share. Read from the node's view of the cluster state, kept up to date by Pekko, so asking is
 * cheap enough for every message.
 */
public record MembersUp(ActorSystem<?> system) implements IntSupplier {
  @Override
  public int getAsInt() {
    long up = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(member -> member.status() == MemberStatus.up()).count();
    return (int) Math.max(1, up);
  }
}
