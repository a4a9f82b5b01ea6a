package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.SecretKeeping;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.ApiError;
import io.parley.http.rest.ClusterAsks;
import io.parley.http.rest.JsonBodies;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.PhoneDirectory;
import io.parley.sessions.bot.PhoneNumbers;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.sessions.evaluation.PublishGate;
import io.parley.tools.tenant.TenantToolCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * The tenant's bot configuration, for its admins: {@code GET}/{@code PUT /v1/config} (the current
 * version; a new one), {@code GET /v1/config/versions[/{n}]}, {@code GET /v1/config/diff?from=&to=},
 * {@code POST /v1/config/rollback}, and the document's JSON Schema at {@code GET /v1/config/schema}.
 * A new version applies to sessions started after it, on every node at once. The draft:
 * {@code GET}/{@code PUT}/{@code DELETE /v1/config/draft} and {@code POST /v1/config/draft/publish};
 * it applies to no session but the test sessions started on it ({@code POST /v1/sessions} with
 * {@code "draft": true}).
 */
public final class ConfigRoutes extends AllDirectives {
  record VersionJson(int version, JsonNode config, String author, String message, Instant at) {}

  /** {@code draft}: the draft's number when the tenant keeps one, so a page knows whether to ask for it. */
  record VersionsJson(List<VersionJson> versions, Optional<Integer> draft) {}

  record DraftJson(int draft, JsonNode config, String author, String message, Instant at) {}

  record ChangeJson(String setting, Optional<String> from, Optional<String> to) {}

  record DiffJson(int from, int to, List<ChangeJson> changes) {}

  record ProblemsJson(Map<String, Object> error) {}

  private static final int MAX_MESSAGE = 500;

  private final BotConfigs.Sharded configs;
  private final ClusterAsks asks;
  private final JsonBodies bodies;
  private final ApiError errors;
  private final Callers callers;
  private final BotConfigDocument.Node node;
  private final PhoneNumbers numbers;
  private final TenantSecrets secrets;
  private final TenantToolCheck toolCheck;
  private final Executor blocking;
  private final PublishGate gate;

  /**
   * {@code node}: what this node offers, which bounds the tools and model parameters a document may
   * choose; {@code numbers}: where the documents' phone numbers are claimed before they are saved;
   * {@code secrets} seal the documents' secrets under the tenant's key, and {@code toolCheck} checks
   * the tenant's own tools (their addresses, schemas and MCP servers' listings) on {@code blocking};
   * {@code gate} refuses to publish a draft its evaluations do not pass (docs/evaluations.md#publish-gate);
   * {@code asks}: how the tenant's configuration entity is asked and its answers written.
   */
  public ConfigRoutes(BotConfigs.Sharded configs, ClusterAsks asks, Callers callers, BotConfigDocument.Node node,
      PhoneNumbers numbers, TenantSecrets secrets, TenantToolCheck toolCheck, PublishGate gate, Executor blocking) {
    this.configs = configs;
    this.asks = asks;
    this.bodies = asks.bodies();
    this.errors = asks.errors();
    this.callers = callers;
    this.node = node;
    this.numbers = numbers;
    this.secrets = secrets;
    this.toolCheck = toolCheck;
    this.gate = gate;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("config"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.CONFIGURE_BOT, () -> concat(
            pathEnd(() -> concat(
                get(() -> completeWithFuture(current(caller))),
                put(() -> callers.audit().recorded(caller, "config.publish", () ->
                    bodies.objectBody(body -> completeWithFuture(publish(caller, body))))))),
            path("schema", () -> get(() -> getFromResource("bot-config.schema.json", ContentTypes.APPLICATION_JSON))),
            path("versions", () -> get(() -> completeWithFuture(versionsWithDraft(caller)))),
            path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()), n -> get(() ->
                completeWithFuture(versions(caller, all -> n >= 1 && n <= all.size()
                    ? bodies.response(StatusCodes.OK, versionJson(all.get(n - 1)))
                    : errors.response(ErrorCode.NOT_FOUND, "no version " + n))))),
            path("diff", () -> get(() -> parameter("from", from ->
                parameter("to", to -> completeWithFuture(diff(caller, from, to)))))),
            path("rollback", () -> post(() -> callers.audit().recorded(caller, "config.rollback", () ->
                bodies.objectBody(body -> completeWithFuture(rollback(caller, body)))))),
            path("draft", () -> concat(
                get(() -> completeWithFuture(draft(caller))),
                put(() -> callers.audit().recorded(caller, "config.draft.save", () ->
                    bodies.objectBody(body -> completeWithFuture(saveDraft(caller, body))))),
                delete(() -> callers.audit().recorded(caller, "config.draft.discard", () ->
                    completeWithFuture(settled(caller, ask(caller, TenantBotConfig.DiscardDraft::new, this::draftJson))))))),
            path(PathMatchers.segment("draft").slash("publish"), () -> post(() ->
                callers.audit().recorded(caller, "config.draft.publish", () ->
                    bodies.objectBody(body -> completeWithFuture(publishDraft(caller, body))))))))));
  }

  /**
   * Claims the phone numbers a change will make the tenant's (its live version's or its draft's),
   * then makes the change; a number another tenant holds refuses it like any problem of the document.
   * Whatever the outcome, the directory is settled on what the tenant's entity then holds.
   */
  private CompletionStage<HttpResponse> claimed(Caller caller, PhoneDirectory.Stage stage, List<String> phoneNumbers,
      Supplier<CompletionStage<HttpResponse>> change) {
    return numbers.claim(caller.tenant(), stage, phoneNumbers)
        .<CompletionStage<HttpResponse>>handle((problems, failure) -> {
          if (failure != null) {
            return CompletableFuture.completedFuture(errors.response(Refusals.of(failure, "the phone directory")));
          }
          return problems.isEmpty() ? settled(caller, change.get()) : CompletableFuture.completedFuture(problems(problems));
        }).thenCompose(response -> response);
  }

  private CompletionStage<HttpResponse> settled(Caller caller, CompletionStage<HttpResponse> change) {
    return change.whenComplete((response, failure) -> numbers.settle(caller.tenant()));
  }

  /**
   * The draft's numbers become the live version's: claimed as such before it is published. Without
   * a draft nothing is claimed (the tenant's live numbers stay), and the entity answers 404.
   */
  private CompletionStage<HttpResponse> publishDraft(Caller caller, JsonNode body) {
    if (!validBaseVersion(body)) return CompletableFuture.completedFuture(badBaseVersion());
    if (!validNumber(body, "draft", 1)) {
      return CompletableFuture.completedFuture(errors.response(ErrorCode.BAD_REQUEST,
          "draft: the number of the draft to publish (as GET /v1/config/draft answers it), or leave it out"));
    }
    Optional<Integer> named = number(body, "draft");
    return gated(() -> gate.verdict(caller.tenant()),
        verdict -> verdict.refusal().or(() -> otherDraft(named, verdict.passedDraft())),
        verdict -> publishDraftUngated(caller, body, named.or(verdict::passedDraft)));
  }

  /** The draft the admin named is not the one the gate judged: another was saved since they looked. */
  private static Optional<String> otherDraft(Optional<Integer> named, Optional<Integer> passed) {
    if (named.isEmpty() || passed.isEmpty() || named.equals(passed)) return Optional.empty();
    return Optional.of("draft " + passed.get() + " is saved, not draft " + named.get()
        + " as this publish assumed: review and evaluate draft " + passed.get() + ", then publish it");
  }

  /**
   * {@code change}, unless the publish gate's {@code verdict} (asked on the blocking pool) says why
   * not ({@code 409}).
   */
  private <V> CompletionStage<HttpResponse> gated(Supplier<V> verdict, Function<V, Optional<String>> refusal,
      Function<V, CompletionStage<HttpResponse>> change) {
    return CompletableFuture.supplyAsync(verdict, blocking)
        .thenCompose(judged -> refusal.apply(judged)
            .map(why -> CompletableFuture.completedFuture(errors.response(ErrorCode.CONFLICT, why)))
            .orElseGet(() -> change.apply(judged).toCompletableFuture()))
        .exceptionally(this::refused);
  }

  /** Publishes the draft numbered {@code draft} (when named: the entity refuses if another is saved by then). */
  private CompletionStage<HttpResponse> publishDraftUngated(Caller caller, JsonNode body, Optional<Integer> draft) {
    Supplier<CompletionStage<HttpResponse>> publish = () -> ask(caller,
        replyTo -> new TenantBotConfig.PublishDraft(author(caller), baseVersion(body), draft, replyTo), this::versionJson);
    return asked(caller, TenantBotConfig.GetDraft::new).thenCompose(answer ->
        answer.draft().map(saved -> claimed(caller, PhoneDirectory.Stage.LIVE, saved.config().phoneNumbers(), publish))
            .orElseGet(publish))
        .exceptionally(this::refused);
  }

  private CompletionStage<HttpResponse> current(Caller caller) {
    return asks.answer(asked(caller, TenantBotConfig.GetCurrent::new),
        current -> current.version().map(v -> bodies.response(StatusCodes.OK, versionJson(v)))
            .orElseGet(() -> errors.response(ErrorCode.NOT_FOUND, "no configuration published: the node's settings apply")),
        this::refused);
  }

  /** Body: {@code {"config": {...}, "message": "why", "baseVersion"?: n}}; every problem of the document is listed at once. */
  /** A new version written directly: refused while the live version sets an evaluation gate (docs/evaluations.md#publish-gate). */
  private CompletionStage<HttpResponse> publish(Caller caller, JsonNode body) {
    if (!validBaseVersion(body)) return CompletableFuture.completedFuture(badBaseVersion());
    return gated(() -> gate.directPublishRefusal(caller.tenant()), refusal -> refusal, refusal -> checked(caller, body, replaced(caller, false),
        (config, message) -> claimed(caller, PhoneDirectory.Stage.LIVE, config.phoneNumbers(), () -> ask(caller,
            replyTo -> new TenantBotConfig.Publish(config, author(caller), message, baseVersion(body), replyTo),
            this::versionJson))));
  }

  /** The same body as a publish, checked the same way; only test sessions see it. */
  private CompletionStage<HttpResponse> saveDraft(Caller caller, JsonNode body) {
    if (!validBaseVersion(body)) return CompletableFuture.completedFuture(badBaseVersion());
    return checked(caller, body, replaced(caller, true), (config, message) -> claimed(caller, PhoneDirectory.Stage.DRAFT,
        config.phoneNumbers(), () -> ask(caller, replyTo -> new TenantBotConfig.SaveDraft(config, author(caller),
            message, baseVersion(body), replyTo), this::draftJson)));
  }

  /**
   * The configurations a change replaces, whose secrets it keeps where it leaves them out: the live
   * version, then the draft; for a draft ({@code draftFirst}) the draft, then the live version.
   */
  private Supplier<CompletionStage<List<BotConfig>>> replaced(Caller caller, boolean draftFirst) {
    return () -> replaced(configs, caller.tenant(), asks.askTimeout(), draftFirst);
  }

  /** The tenant's live configuration and its draft, the draft first when {@code draftFirst}; each only when there is one. */
  static CompletionStage<List<BotConfig>> replaced(BotConfigs.Sharded configs, String tenant, Duration askTimeout,
      boolean draftFirst) {
    return configs.of(tenant).ask(TenantBotConfig.GetCurrent::new, askTimeout).thenCombine(
        configs.of(tenant).ask(TenantBotConfig.GetDraft::new, askTimeout), (current, draft) -> {
          List<BotConfig> live = current.version().map(TenantBotConfig.Version::config).stream().toList();
          List<BotConfig> drafted = draft.draft().map(TenantBotConfig.Draft::config).stream().toList();
          List<BotConfig> both = new ArrayList<>(draftFirst ? drafted : live);
          both.addAll(draftFirst ? live : drafted);
          return both;
        });
  }

  VersionJson versionJson(TenantBotConfig.Version v) {
    return new VersionJson(v.version(), ShownConfig.of(bodies.tree(v.config())), v.author(), v.message(), v.at());
  }

  DraftJson draftJson(TenantBotConfig.Draft d) {
    return new DraftJson(d.number(), ShownConfig.of(bodies.tree(d.config())), d.author(), d.message(), d.at());
  }

  /**
   * The optional precondition of every change (a publish, a rollback, a draft saved or published),
   * {@code "baseVersion": n}: the live version it was written from (0: none was live). The entity
   * refuses the change with 409 when another version is live.
   */
  private static boolean validBaseVersion(JsonNode body) {
    return validNumber(body, "baseVersion", 0);
  }

  private static Optional<Integer> baseVersion(JsonNode body) {
    return number(body, "baseVersion");
  }

  /** {@code field} of the body is absent, null, or a whole number of at least {@code least}. */
  private static boolean validNumber(JsonNode body, String field, int least) {
    JsonNode value = body.get(field);
    return value == null || value.isNull()
        || value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= least;
  }

  private static Optional<Integer> number(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asInt());
  }

  private HttpResponse badBaseVersion() {
    return errors.response(ErrorCode.BAD_REQUEST,
        "baseVersion: the number of the live version this is based on (0: none), or leave it out");
  }

  /**
   * Reads the body's document and checks its own tools, off the request's thread (sealing its
   * secrets and listing its MCP servers block): {@code replaced} is the configuration it replaces,
   * asked only when the document has tools of its own, whose secrets it may keep.
   */
  private CompletionStage<HttpResponse> checked(Caller caller, JsonNode body,
      Supplier<CompletionStage<List<BotConfig>>> replaced,
      BiFunction<BotConfig, String, CompletionStage<HttpResponse>> valid) {
    String message = body.path("message").asText("").strip();
    if (message.length() > MAX_MESSAGE) {
      return CompletableFuture.completedFuture(
          errors.response(ErrorCode.BAD_REQUEST, "message: at most " + MAX_MESSAGE + " characters"));
    }
    JsonNode document = body.get("config");
    boolean ownTools = document != null && (document.hasNonNull("httpTools") || document.hasNonNull("mcpServers"));
    CompletionStage<List<BotConfig>> previous = ownTools ? replaced.get()
        : CompletableFuture.completedFuture(List.of());
    return previous.thenApplyAsync(before -> read(caller.tenant(), document, before), blocking)
        .thenCompose(read -> read instanceof BotConfigDocument.Read.Invalid invalid
            ? CompletableFuture.completedFuture(problems(invalid.problems()))
            : valid.apply(((BotConfigDocument.Read.Valid) read).config(), message))
        .exceptionally(this::refused);
  }

  private BotConfigDocument.Read read(String tenant, JsonNode document, List<BotConfig> replaced) {
    BotConfigDocument.Read read = BotConfigDocument.read(document, node,
        new SecretKeeping(plaintext -> secrets.sealText(tenant, plaintext), replaced));
    if (!(read instanceof BotConfigDocument.Read.Valid valid)
        || valid.config().httpTools().isEmpty() && valid.config().mcpServers().isEmpty()) {
      return read;
    }
    TenantToolCheck.Checked checked = toolCheck.check(tenant, valid.config());
    return checked.problems().isEmpty() ? new BotConfigDocument.Read.Valid(checked.config())
        : new BotConfigDocument.Read.Invalid(checked.problems());
  }

  private HttpResponse problems(List<String> problems) {
    return problems(bodies, "the configuration has " + problems.size() + " problem(s); nothing changed", problems);
  }

  /** A 400 saying {@code message} and listing every problem of a document, each naming its field. */
  static HttpResponse problems(JsonBodies bodies, String message, List<String> problems) {
    return bodies.response(StatusCodes.BAD_REQUEST, new ProblemsJson(Map.of("code", "bad_request", "message", message,
        "problems", problems)));
  }

  private CompletionStage<HttpResponse> draft(Caller caller) {
    return asks.answer(asked(caller, TenantBotConfig.GetDraft::new),
        answer -> answer.draft().map(d -> bodies.response(StatusCodes.OK, draftJson(d)))
            .orElseGet(() -> errors.response(ErrorCode.NOT_FOUND, "no draft")),
        this::refused);
  }

  /** Asks the tenant's configuration entity {@code query}. */
  private <T> CompletionStage<T> asked(Caller caller, Function<ActorRef<T>, TenantBotConfig.Command> query) {
    return configs.of(caller.tenant()).ask(query::apply, asks.askTimeout());
  }

  /** The entity's refusal, or its failure to answer in time. */
  private HttpResponse refused(Throwable failure) {
    return errors.response(Refusals.of(failure, "the configuration"));
  }

  /** Asks the tenant's configuration entity; its answer as JSON, or its refusal. */
  private <T> CompletionStage<HttpResponse> ask(Caller caller,
      Function<ActorRef<StatusReply<T>>, TenantBotConfig.Command> command, Function<T, Object> json) {
    return asks.answer(configs.of(caller.tenant()).askWithStatus(command::apply, asks.askTimeout()),
        answer -> bodies.response(StatusCodes.OK, json.apply(answer)), this::refused);
  }

  private CompletionStage<HttpResponse> rollback(Caller caller, JsonNode body) {
    JsonNode version = body.get("version");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
      return CompletableFuture.completedFuture(
          errors.response(ErrorCode.BAD_REQUEST, "version: the number of the version to make current again"));
    }
    if (!validBaseVersion(body)) return CompletableFuture.completedFuture(badBaseVersion());
    Supplier<CompletionStage<HttpResponse>> rollback = () -> ask(caller,
        replyTo -> new TenantBotConfig.Rollback(version.asInt(), author(caller), baseVersion(body), replyTo),
        this::versionJson);
    // The old version's numbers are claimed again, as a publish of it would claim them; a version
    // that does not exist claims nothing, and the entity answers 404.
    return asked(caller, TenantBotConfig.GetVersions::new).thenCompose(all ->
        all.versions().stream().filter(v -> v.version() == version.asInt()).findFirst()
            .map(old -> claimed(caller, PhoneDirectory.Stage.LIVE, old.config().phoneNumbers(), rollback))
            .orElseGet(rollback))
        .exceptionally(this::refused);
  }

  private CompletionStage<HttpResponse> versions(Caller caller,
      Function<List<TenantBotConfig.Version>, HttpResponse> answer) {
    return asks.answer(asked(caller, TenantBotConfig.GetVersions::new), versions -> answer.apply(versions.versions()),
        this::refused);
  }

  private CompletionStage<HttpResponse> versionsWithDraft(Caller caller) {
    return asked(caller, TenantBotConfig.GetDraft::new).thenCompose(draft ->
        versions(caller, all -> bodies.response(StatusCodes.OK, new VersionsJson(all.stream().map(this::versionJson).toList(),
            draft.draft().map(TenantBotConfig.Draft::number)))))
        .exceptionally(this::refused);
  }

  /** What changed from version {@code from} to {@code to}, setting by setting (every setting, in name order). */
  private CompletionStage<HttpResponse> diff(Caller caller, String from, String to) {
    int a;
    int b;
    try {
      a = Integer.parseInt(from);
      b = Integer.parseInt(to);
    } catch (NumberFormatException e) {
      return CompletableFuture.completedFuture(
          errors.response(ErrorCode.BAD_REQUEST, "from and to must be version numbers"));
    }
    return versions(caller, all -> {
      if (a < 1 || b < 1 || a > all.size() || b > all.size()) {
        return errors.response(ErrorCode.NOT_FOUND, "versions run from 1 to " + all.size());
      }
      JsonNode before = ShownConfig.of(bodies.tree(all.get(a - 1).config()));
      JsonNode after = ShownConfig.of(bodies.tree(all.get(b - 1).config()));
      Set<String> settings = new TreeSet<>();
      before.fieldNames().forEachRemaining(settings::add);
      after.fieldNames().forEachRemaining(settings::add);
      List<ChangeJson> changes = new ArrayList<>();
      for (String setting : settings) {
        Optional<JsonNode> was = Optional.ofNullable(before.get(setting));
        Optional<JsonNode> is = Optional.ofNullable(after.get(setting));
        if (!was.equals(is)) changes.add(new ChangeJson(setting, was.map(ConfigRoutes::text), is.map(ConfigRoutes::text)));
      }
      return bodies.response(StatusCodes.OK, new DiffJson(a, b, changes));
    });
  }

  /** A text setting as it reads, any other (numbers, lists, objects) as JSON. */
  private static String text(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** Who published: the signed-in admin, or the API key by its name ({@code key:<name>}, as the audit log names it). */
  private static String author(Caller caller) {
    return caller.userId().orElse(caller.actor());
  }
}
