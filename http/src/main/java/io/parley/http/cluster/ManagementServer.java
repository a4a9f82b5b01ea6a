package io.parley.http.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Decision;
import io.parley.core.identity.Role;
import io.parley.http.rest.ApiError;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.cluster.javadsl.ClusterHttpManagementRoutes;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The cluster-management HTTP server, on its own port ({@code PARLEY_MANAGEMENT_PORT}).
 *
 * <p>Open: Pekko Management's health checks ({@code /startup}, {@code /ready}, {@code /alive}) for probes, and
 * Cluster Bootstrap's {@code /bootstrap/seed-nodes}, which other nodes query while they form
 * the cluster and which carry no credentials. Behind the operator token
 * ({@code Authorization: Bearer $PARLEY_OPS_TOKEN}): Pekko Management's cluster routes
 * ({@code /cluster/members}, leave and down, {@code /cluster/shards/{type}}) and Parley's
 * {@code /cluster/sharding} and {@code /cluster/calls}. Pekko Management's own authenticator would guard bootstrap too, and
 * only knows Basic auth, so Parley binds the server itself.
 */
public final class ManagementServer extends AllDirectives {
  private static final Logger AUDIT = LoggerFactory.getLogger("io.parley.http.management");
  private static final String REALM = "parley-ops";

  private final ActorSystem<?> system;
  private final Optional<OpsToken> token;
  private final ApiError errors;
  private final ShardingStatsRoute sharding;
  private final CallsRoute calls;
  private final VersionsRoute versions;

  private ManagementServer(ActorSystem<?> system, Optional<OpsToken> token, ApiError errors,
      ShardingStatsRoute sharding, CallsRoute calls, VersionsRoute versions) {
    this.system = system;
    this.token = token;
    this.errors = errors;
    this.sharding = sharding;
    this.calls = calls;
    this.versions = versions;
  }

  /**
   * Binds the management port; the binding fails (and the node does not start) when the port is
   * taken. Not waited for here: the node starts its sessions meanwhile.
   */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, ClusterSettings settings, ApiError errors,
      ObjectMapper json, List<EntityTypeKey<?>> entityTypes) {
    if (settings.opsToken().isEmpty()) {
      // A cluster of one rarely needs them (a developer's node); a real cluster's operator does.
      Logger log = LoggerFactory.getLogger(ManagementServer.class);
      String message = "PARLEY_OPS_TOKEN is not set: the cluster-management routes refuse every request";
      if (settings.singleNode()) log.info(message);
      else log.warn(message);
    }
    ManagementServer server = new ManagementServer(system, settings.opsToken(), errors,
        new ShardingStatsRoute(system, json, entityTypes), new CallsRoute(system, json), new VersionsRoute(system, json));
    String host = PekkoManagement.get(Adapter.toClassic(system)).settings().getHttpEffectiveBindHostname();
    return Http.get(system).newServerAt(host, settings.managementPort())
        .bind(server.route());
  }

  Route route() {
    // Called once: building these routes is what tells Cluster Bootstrap its own contact point.
    Route open = PekkoManagement.get(Adapter.toClassic(system)).getRoutes();
    Route operations = concat(sharding.route(), calls.route(), versions.route(), ClusterHttpManagementRoutes.all(Cluster.get(Adapter.toClassic(system))));
    return concat(open, audited(handleRejections(rejections(), () -> guarded(operations))));
  }

  private Route guarded(Route inner) {
    if (token.isEmpty()) {
      return complete(errors.response(403, "forbidden",
          "cluster management is disabled on this node: set PARLEY_OPS_TOKEN to enable it"));
    }
    OpsToken expected = token.get();
    // The operator token proves the operator role, the one role that manages the cluster.
    return authenticateOAuth2(REALM,
        credentials -> credentials.filter(c -> expected.matches(c.identifier())).map(c -> Set.of(Role.OPERATOR)),
        roles -> AccessPolicy.decide(roles, Action.MANAGE_CLUSTER) instanceof Decision.Forbidden forbidden
            ? complete(errors.response(403, "forbidden", forbidden.reason()))
            : inner);
  }

  /** Who changed the cluster, and who tried to, is worth a line each. */
  private Route audited(Route inner) {
    return extractRequest(request -> mapResponse(response -> {
      AUDIT.info("{} {} {}", request.method().value(), request.getUri().path(), response.status().intValue(),
          kv("status", response.status().intValue()));
      return response;
    }, () -> inner));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      int status = response.status().intValue();
      String code = switch (status) {
        case 401 -> "unauthorized";
        case 404 -> "not_found";
        default -> status >= 500 ? "internal" : "bad_request";
      };
      // Keep the WWW-Authenticate challenge: it tells a client which scheme to use.
      return errors.response(status, code, response.status().reason()).withHeaders(response.getHeaders());
    });
  }
}
