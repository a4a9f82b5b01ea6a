package io.parley.http.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.ShardRegion.ShardRegionStats;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster/sharding}: every member's shard region of each entity type, with its shard
 * and entity counts. Pekko Management's {@code /cluster/shards/{type}} shows only the region of the
 * node asked; this asks every region, which is what an operator draining a node wants to watch.
 *
 * <p>Pekko answers with no regions at all when one region or the coordinator did not answer in
 * time (a node crashing, the coordinator moving), or when the asked node does not run the type. A
 * type the node runs always has a region here, so no regions means no answer, which the report
 * says ({@code answered}, {@code entities} null) rather than showing a count of zero while an
 * operator watches a node go.
 */
final class ShardingStatsRoute extends AllDirectives {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ObjectMapper json;
  private final List<EntityTypeKey<?>> entityTypes;

  ShardingStatsRoute(ActorSystem<?> system, ObjectMapper json, List<EntityTypeKey<?>> entityTypes) {
    this.system = system;
    this.json = json;
    this.entityTypes = entityTypes;
  }

  Route route() {
    return path(PathMatchers.segment("cluster").slash("sharding"), () -> get(() -> completeWithFuture(stats())));
  }

  private CompletionStage<HttpResponse> stats() {
    Set<String> running = org.apache.pekko.cluster.sharding.ClusterSharding.get(Adapter.toClassic(system))
        .getShardTypeNames();
    ObjectNode body = json.createObjectNode();
    ArrayNode types = body.putArray("entityTypes");
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    for (EntityTypeKey<?> key : entityTypes) {
      ObjectNode type = types.addObject().put("name", key.name()).put("started", running.contains(key.name()));
      // A failed ask is one type without an answer, not a failed report of every type.
      CompletionStage<Optional<ClusterShardingStats>> answer =
          ask(key).handle((stats, failure) -> Optional.ofNullable(failure == null ? stats : null));
      all = all.thenCombine(answer, (ignored, stats) -> {
        fill(type, stats);
        return null;
      });
    }
    return all.thenApply(done -> HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString())));
  }

  private CompletionStage<ClusterShardingStats> ask(EntityTypeKey<?> key) {
    return AskPattern.ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(key, TIMEOUT, replyTo), TIMEOUT.plusSeconds(1), system.scheduler());
  }

  private static void fill(ObjectNode type, Optional<ClusterShardingStats> stats) {
    Map<Address, ShardRegionStats> answered = stats.map(ClusterShardingStats::getRegions).orElse(Map.of());
    type.put("answered", !answered.isEmpty());
    ArrayNode regions = type.putArray("regions");
    long total = 0;
    for (Map.Entry<Address, ShardRegionStats> region : answered.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().toString())).toList()) {
      long entities = region.getValue().getStats().values().stream().mapToLong(n -> ((Number) n).longValue()).sum();
      total += entities;
      ObjectNode node = regions.addObject()
          .put("address", region.getKey().toString())
          .put("shards", region.getValue().getStats().size())
          .put("entities", entities);
      // Shards that did not answer in time: their entities are missing from the count, not zero.
      ArrayNode failed = node.putArray("failedShards");
      region.getValue().getFailed().stream().sorted().forEach(failed::add);
    }
    if (answered.isEmpty()) type.putNull("entities");
    else type.put("entities", total);
  }
}
