package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.persistence.Database;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Liveness, readiness (journal reachable, cluster member up), Prometheus metrics. */
final class OperationsRoutes extends AllDirectives {
  private final ActorSystem<?> system;
  private final Database database;
  private final CollectorRegistry registry;
  private final ObjectMapper json;
  private final Duration readinessTimeout;
  private final Executor blocking;

  OperationsRoutes(ActorSystem<?> system, Database database, CollectorRegistry registry, ObjectMapper json,
      Duration readinessTimeout) {
    this.system = system;
    this.database = database;
    this.registry = registry;
    this.json = json;
    this.readinessTimeout = readinessTimeout;
    // The JDBC check blocks; keep it off the HTTP dispatcher.
    this.blocking = system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking());
  }

  Route route() {
    return concat(
        path(PathMatchers.segment("health").slash("live"), () -> get(() -> complete(jsonResponse(200, status("up"))))),
        path(PathMatchers.segment("health").slash("ready"), () -> get(() -> completeWithFuture(readiness()))),
        path("metrics", () -> get(() -> complete(metrics()))));
  }

  private CompletionStage<HttpResponse> readiness() {
    return CompletableFuture.supplyAsync(() -> database.isReachable(readinessTimeout), blocking).thenApply(journal -> {
      MemberStatus member = Cluster.get(system).selfMember().status();
      boolean clusterUp = member == MemberStatus.up() || member == MemberStatus.weaklyUp();
      ObjectNode body = status(journal && clusterUp ? "ready" : "not_ready");
      body.put("journal", journal ? "reachable" : "unreachable");
      body.put("cluster", member.toString().toLowerCase(java.util.Locale.ROOT));
      return jsonResponse(journal && clusterUp ? 200 : 503, body);
    });
  }

  private HttpResponse metrics() {
    StringWriter text = new StringWriter();
    try {
      TextFormat.write004(text, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.create().withEntity(
        HttpEntities.create(MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8), text.toString()));
  }

  private ObjectNode status(String status) {
    return json.createObjectNode().put("status", status);
  }

  private static HttpResponse jsonResponse(int status, ObjectNode body) {
    return HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }
}
