package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.experiment.Arm;
import io.parley.core.experiment.ConversationOutcome;
import io.parley.core.experiment.ExperimentFigures;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.ClusterAsks;
import io.parley.persistence.conversations.ExperimentConversations;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.Experiment;
import io.parley.sessions.bot.PhoneDirectory;
import io.parley.sessions.bot.PhoneNumbers;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.sessions.evaluation.PublishGate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * The tenant's experiments, for its admins (docs/bot-config.md#experiments): {@code POST
 * /v1/experiments} {@code {"candidate": "draft" | n, "share": 0..1}} starts one, {@code GET
 * /v1/experiments[/{id}]} lists them or shows one with its figures, {@code POST
 * /v1/experiments/{id}/stop} and {@code /promote} end it; the promote publishes the candidate
 * through the evaluation gate, whose refusal is a 409 saying why.
 */
public final class ExperimentRoutes extends AllDirectives {
  record ListJson(List<ExperimentJson> experiments) {}

  record PromotedJson(ExperimentJson experiment, ConfigRoutes.VersionJson version) {}

  private final BotConfigs.Sharded configs;
  private final ClusterAsks asks;
  private final Callers callers;
  private final ExperimentConversations conversations;
  private final PublishGate gate;
  private final PhoneNumbers numbers;
  private final Function<TenantBotConfig.Version, ConfigRoutes.VersionJson> versionJson;
  private final Executor blocking;

  /** {@code versionJson}: a published version as {@code GET /v1/config} shows it. */
  public ExperimentRoutes(BotConfigs.Sharded configs, ClusterAsks asks, Callers callers,
      ExperimentConversations conversations, PublishGate gate, PhoneNumbers numbers, ConfigRoutes config,
      Executor blocking) {
    this.configs = configs;
    this.asks = asks;
    this.callers = callers;
    this.conversations = conversations;
    this.gate = gate;
    this.numbers = numbers;
    this.versionJson = config::versionJson;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("experiments"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.CONFIGURE_BOT, () -> concat(
            pathEnd(() -> concat(
                get(() -> completeWithFuture(list(caller))),
                post(() -> callers.audit().recorded(caller, "experiment.start", () ->
                    asks.bodies().objectBody(body -> completeWithFuture(start(caller, body))))))),
            path(PathMatchers.integerSegment(), id -> get(() -> completeWithFuture(one(caller, id)))),
            path(PathMatchers.integerSegment().slash("stop"), id -> post(() ->
                callers.audit().recorded(caller, "experiment.stop", () -> completeWithFuture(stop(caller, id))))),
            path(PathMatchers.integerSegment().slash("promote"), id -> post(() ->
                callers.audit().recorded(caller, "experiment.promote", () ->
                    completeWithFuture(promote(caller, id)))))))));
  }

  private CompletionStage<HttpResponse> start(Caller caller, JsonNode body) {
    JsonNode candidate = body.path("candidate");
    JsonNode share = body.path("share");
    boolean draft = candidate.isTextual() && candidate.asText().equals("draft");
    if (!draft && !(candidate.isIntegralNumber() && candidate.canConvertToInt() && candidate.asInt() >= 1)) {
      return bad("candidate: \"draft\" or the number of a saved version");
    }
    if (!share.isNumber() || !(share.asDouble() > 0 && share.asDouble() < 1)) {
      return bad("share: the part of new conversations the candidate gets, a number between 0 and 1 (exclusive)");
    }
    Optional<Integer> version = draft ? Optional.empty() : Optional.of(candidate.asInt());
    return asks.answer(configs.of(caller.tenant()).<Experiment>askWithStatus(replyTo ->
            new TenantBotConfig.StartExperiment(version, share.asDouble(), author(caller), replyTo), asks.askTimeout()),
        started -> asks.bodies().response(StatusCodes.CREATED, ExperimentJson.of(started, Optional.empty()))
            .addHeader(Location.create("/v1/experiments/" + started.id())),
        this::refused);
  }

  private CompletionStage<HttpResponse> list(Caller caller) {
    return asks.answer(experiments(caller), all -> asks.bodies().response(StatusCodes.OK,
        new ListJson(all.experiments().reversed().stream().map(e -> ExperimentJson.of(e, Optional.empty())).toList())),
        this::refused);
  }

  /** One experiment with its figures, read from the conversations' read model on the blocking pool. */
  private CompletionStage<HttpResponse> one(Caller caller, int id) {
    return experiments(caller).thenComposeAsync(all -> {
      Optional<Experiment> experiment = id >= 1 && id <= all.experiments().size()
          ? Optional.of(all.experiments().get(id - 1)) : Optional.empty();
      if (experiment.isEmpty()) return CompletableFuture.completedFuture(asks.errors().response(ErrorCode.NOT_FOUND,
          "no experiment " + id));
      Map<Arm, List<ConversationOutcome>> outcomes = conversations.outcomes(caller.tenant(), id);
      ExperimentFigures figures = ExperimentFigures.of(outcomes.get(Arm.LIVE), outcomes.get(Arm.CANDIDATE));
      return CompletableFuture.completedFuture(asks.bodies().response(StatusCodes.OK,
          ExperimentJson.of(experiment.get(), Optional.of(figures))));
    }, blocking).exceptionally(this::refused);
  }

  private CompletionStage<HttpResponse> stop(Caller caller, int id) {
    return asks.answer(configs.of(caller.tenant()).<Experiment>askWithStatus(replyTo ->
            new TenantBotConfig.StopExperiment(id, author(caller), replyTo), asks.askTimeout()),
        stopped -> asks.bodies().response(StatusCodes.OK, ExperimentJson.of(stopped, Optional.empty())), this::refused);
  }

  /**
   * Asks the evaluation gate of the candidate (on the blocking pool), claims its phone numbers as
   * the live version's, then publishes it; the directory is settled on the outcome either way.
   */
  private CompletionStage<HttpResponse> promote(Caller caller, int id) {
    String tenant = caller.tenant();
    return experiments(caller).thenComposeAsync(all -> {
      Optional<Experiment> running = all.running().filter(e -> e.id() == id);
      if (running.isEmpty()) return promoteNow(caller, id);
      Optional<String> refusal = gate.candidateRefusal(tenant, running.get().candidate());
      if (refusal.isPresent()) {
        return CompletableFuture.completedFuture(asks.errors().response(ErrorCode.CONFLICT, refusal.get()));
      }
      return numbers.claim(tenant, PhoneDirectory.Stage.LIVE, running.get().candidate().config().phoneNumbers())
          .thenCompose(problems -> problems.isEmpty() ? promoteNow(caller, id)
              : CompletableFuture.completedFuture(ConfigRoutes.problems(asks.bodies(),
                  "the candidate's phone numbers cannot go live; nothing changed", problems)))
          .whenComplete((response, failure) -> numbers.settle(tenant));
    }, blocking).exceptionally(this::refused);
  }

  /** Publishes the candidate; an experiment that is not running is refused by the entity (404, 409). */
  private CompletionStage<HttpResponse> promoteNow(Caller caller, int id) {
    var entity = configs.of(caller.tenant());
    return entity.<TenantBotConfig.Version>askWithStatus(replyTo ->
            new TenantBotConfig.PromoteExperiment(id, author(caller), replyTo), asks.askTimeout())
        .thenCompose(version -> experiments(caller).thenApply(all -> asks.bodies().response(StatusCodes.OK,
            new PromotedJson(ExperimentJson.of(all.experiments().get(id - 1), Optional.empty()),
                versionJson.apply(version)))))
        .exceptionally(this::refused);
  }

  private CompletionStage<TenantBotConfig.Experiments> experiments(Caller caller) {
    return configs.of(caller.tenant()).ask((ActorRef<TenantBotConfig.Experiments> replyTo) ->
        new TenantBotConfig.GetExperiments(replyTo), asks.askTimeout());
  }

  private CompletionStage<HttpResponse> bad(String message) {
    return CompletableFuture.completedFuture(asks.errors().response(ErrorCode.BAD_REQUEST, message));
  }

  private HttpResponse refused(Throwable failure) {
    return asks.errors().response(Refusals.of(failure, "the experiments"));
  }

  /** Who acted: the signed-in admin, or the API key by its name, as a publish names its author. */
  private static String author(Caller caller) {
    return caller.userId().orElse(caller.actor());
  }
}
