package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.http.cluster.OpsToken;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.HealthChecks;

/**
 * Liveness, readiness and Prometheus metrics on the main port. Both health checks include Pekko
 * Management's checks (the cluster-membership check, and any an operator adds under
 * {@code pekko.management.health-checks}), so the main port and the management port agree.
 */
final class OperationsRoutes extends AllDirectives {
  // Text format 0.0.4 without the *_created series: Prometheus reads nothing from them.
  private static final PrometheusTextFormatWriter TEXT_FORMAT = PrometheusTextFormatWriter.create();
  private final NodeReadiness readiness;
  private final String mode;
  private final HealthChecks managed;
  private final PrometheusRegistry registry;
  private final ObjectMapper json;
  private final Optional<OpsToken> metricsToken;

  /**
   * {@code mode} is the node's answer mode, {@code llm} or {@code offline}, shown by readiness.
   * With an operator token, {@code /metrics} answers only to it: its labels name tenants.
   */
  OperationsRoutes(NodeReadiness readiness, String mode, HealthChecks managed, PrometheusRegistry registry,
      ObjectMapper json, Optional<OpsToken> metricsToken) {
    this.metricsToken = metricsToken;
    this.readiness = readiness;
    this.mode = mode;
    this.managed = managed;
    this.registry = registry;
    this.json = json;
  }

  /** Pekko Management's checks: those in its configuration and those registered at start-up ({@link NodeReadiness}). */
  static HealthChecks managedChecks(ActorSystem<?> system) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    return new HealthChecks(classic,
        HealthCheckSettings.create(system.settings().config().getConfig("pekko.management.health-checks")));
  }

  Route route() {
    return concat(
        path(PathMatchers.segment("health").slash("live"), () -> get(() -> completeWithFuture(liveness()))),
        path(PathMatchers.segment("health").slash("ready"), () -> get(() -> completeWithFuture(readiness()))),
        path("metrics", () -> get(() -> operatorOnly(() -> complete(metrics())))));
  }

  private Route operatorOnly(Supplier<Route> inner) {
    if (metricsToken.isEmpty()) return inner.get();
    return optionalHeaderValueByName("Authorization", header -> header
        .filter(value -> value.startsWith("Bearer ") && metricsToken.get().matches(value.substring("Bearer ".length())))
        .map(ok -> inner.get())
        .orElseGet(() -> complete(HttpResponse.create().withStatus(401)
            .addHeader(HttpHeader.parse("WWW-Authenticate", "Bearer realm=\"parley-ops\""))
            .withEntity(HttpEntities.create(MediaTypes.APPLICATION_JSON.toContentType(),
                json.createObjectNode().put("code", "unauthorized")
                    .put("message", "metrics need the operator token (Authorization: Bearer $PARLEY_OPS_TOKEN)").toString())))));
  }

  private CompletionStage<HttpResponse> liveness() {
    return managed.aliveResult().thenApply(result -> {
      ObjectNode body = status(result.isSuccess() ? "up" : "down");
      result.failure().ifPresent(reason -> body.put("reason", reason));
      return jsonResponse(result.isSuccess() ? 200 : 503, body);
    });
  }

  private CompletionStage<HttpResponse> readiness() {
    return readiness.check().thenCombine(managed.readyResult(), (report, checks) -> {
      boolean ready = report.ready() && checks.isSuccess();
      ObjectNode body = status(ready ? "ready" : "not_ready");
      body.put("journal", report.journalReachable() ? "reachable" : "unreachable");
      body.put("cluster", report.memberName());
      body.put("mode", mode);
      if (report.shuttingDown()) body.put("shutdown", "in_progress");
      // Parley's own parts are shown above; name a failing check only when it is another one.
      if (report.ready()) checks.failure().ifPresent(reason -> body.put("checks", reason));
      return jsonResponse(ready ? 200 : 503, body);
    });
  }
  private HttpResponse metrics() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try {
      TEXT_FORMAT.write(text, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.create().withEntity(
        HttpEntities.create(MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8), text.toByteArray()));
  }

  private ObjectNode status(String status) {
    return json.createObjectNode().put("status", status);
  }

  private static HttpResponse jsonResponse(int status, ObjectNode body) {
    return HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }
}
