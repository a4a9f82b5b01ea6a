package io.parley.http.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.voice.phone.CallDirectory;
import io.parley.voice.phone.ClusterCalls;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /cluster/calls}: the phone calls each node holds, every tenant's, with each node's
 * count; nodes that did not answer in time are listed apart. Only nodes with telephony on appear:
 * a call lives on the node that answered it (its RTP cannot move), which is what an operator
 * draining a node needs to see.
 */
final class CallsRoute extends AllDirectives {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ObjectMapper json;

  CallsRoute(ActorSystem<?> system, ObjectMapper json) {
    this.system = system;
    this.json = json;
  }

  Route route() {
    return path(PathMatchers.segment("cluster").slash("calls"), () -> get(() -> completeWithFuture(calls())));
  }

  private CompletionStage<HttpResponse> calls() {
    return ClusterCalls.ask(system, Optional.empty(), TIMEOUT).thenApply(answer -> {
      ObjectNode body = json.createObjectNode();
      body.put("calls", answer.calls().size());
      ArrayNode nodes = body.putArray("nodes");
      answer.nodes().stream().sorted(Comparator.comparing(CallDirectory.NodeCalls::node)).forEach(node ->
          nodes.addObject().put("address", node.node()).put("calls", node.calls().size())
              .set("list", json.valueToTree(node.calls())));
      ArrayNode silent = body.putArray("silentNodes");
      answer.silentNodes().forEach(silent::add);
      return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    });
  }
}
