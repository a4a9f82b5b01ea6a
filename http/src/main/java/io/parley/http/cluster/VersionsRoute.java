package io.parley.http.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster/versions}: the release each member runs (its Pekko app-version, which the
 * build sets) and how many members run each: what an operator checks between the steps of a
 * rolling upgrade, and what a release that writes something new waits for (docs/cluster.md,
 * "Upgrading"). Read from this node's view of the cluster, so it answers at once.
 */
final class VersionsRoute extends AllDirectives {
  private final ActorSystem<?> system;
  private final ObjectMapper json;

  VersionsRoute(ActorSystem<?> system, ObjectMapper json) {
    this.system = system;
    this.json = json;
  }

  Route route() {
    return path(PathMatchers.segment("cluster").slash("versions"), () -> get(() -> {
      ObjectNode body = json.createObjectNode();
      ArrayNode members = body.putArray("members");
      Map<String, Integer> counts = new TreeMap<>();
      StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false).forEach(member -> {
        String version = version(member);
        members.addObject().put("address", member.address().toString()).put("status", member.status().toString())
            .put("version", version);
        counts.merge(version, 1, Integer::sum);
      });
      body.set("versions", json.valueToTree(counts));
      return complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }));
  }

  private static String version(Member member) {
    return member.appVersion().version();
  }
}
