package io.parley.http.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.BotConfig;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.bot.WidgetAppearance;
import io.parley.core.bot.WidgetLabels;
import io.parley.core.identity.Sha256;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.WidgetTexts;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.TenantBotConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/widget/config}: what the chat widget needs before it opens, with no more than the
 * tenant's publishable key ({@code ?key=}, with or without {@code ?tenant=}): the appearance of the
 * tenant's live configuration version and whether this node speaks. Nothing else of the
 * configuration leaves: the answer is public, cached by browsers for a minute and revalidated by
 * its {@code ETag}. With {@code ?draft=true} it is the draft's appearance, for the tenant's admins only.
 * With {@code ?language=<tag>} its {@code texts} are the chat's words in that language (else the
 * tenant's, else English: {@code textsLanguage} says which), the tenant's own wording over the packs
 * ({@link WidgetTexts}), so a page downloads one language, not all.
 */
public final class WidgetRoutes extends AllDirectives {
  static final String CACHE_CONTROL = "max-age=60";

  private final BotConfigs.Sharded configs;
  private final Duration askTimeout;
  private final JsonBodies bodies;
  private final ApiError errors;
  private final Callers callers;
  private final Predicate<String> serves;
  private final boolean voice;

  /**
   * {@code serves}: whether this node serves a tenant (asked at each request); {@code voice}: whether it has speech;
   * {@code askTimeout}: how long the tenant's configuration may take to answer (a page waits longer
   * than a starting session, which goes on with the node's settings after two seconds).
   */
  public WidgetRoutes(BotConfigs.Sharded configs, JsonBodies bodies, ApiError errors, Callers callers,
      Predicate<String> serves, boolean voice, Duration askTimeout) {
    this.configs = configs;
    this.askTimeout = askTimeout;
    this.bodies = bodies;
    this.errors = errors;
    this.callers = callers;
    this.serves = serves;
    this.voice = voice;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("widget").slash("config"), () -> get(() ->
        parameterOptional("tenant", tenant -> tenant.filter(t -> SessionId.isValidTenant(t) && !serves.test(t))
            .map(unknown -> complete(errors.response(ErrorCode.NOT_FOUND, "no tenant '" + unknown + "' on this node")))
            .orElseGet(() -> parameterOptional("language", language -> language.filter(tag -> LanguageTag.parse(tag).isEmpty())
                .map(unknown -> complete(errors.response(ErrorCode.BAD_REQUEST, "unknown language tag: " + unknown
                    + " (expected a BCP 47 tag of an ISO 639 language, e.g. de or pt-BR)")))
                .orElseGet(() -> configOf(language.flatMap(LanguageTag::parse))))))));
  }

  private Route configOf(Optional<LanguageTag> language) {
    return callers.caller(caller -> parameterOptional("draft", draft ->
        "true".equals(draft.orElse(""))
            ? callers.permitted(caller, Action.CONFIGURE_BOT, () -> completeWithFuture(draftAppearance(caller, language)))
            : callers.permitted(caller, Action.USE_SESSION, () -> optionalHeaderValueByName("If-None-Match",
                seen -> completeWithFuture(appearance(caller, language, seen))))));
  }

  /**
   * The appearance as the widget reads it; with a {@code language} asked, the texts in the first of
   * it, the tenant's language and English that there are texts for (in place of the tenant's
   * wording of every language, which the answer leaves out) and the greeting the tenant wrote for it,
   * if any (else its own greeting); {@code greetingOptions}, the replies the
   * greeting offers to tap, which the widget shows under it before there is a conversation.
   */
  private ObjectNode body(BotConfig config, Optional<LanguageTag> language) {
    WidgetAppearance appearance = config.widgetAppearance();
    ObjectNode body = (ObjectNode) bodies.tree(appearance);
    body.remove("texts");
    // The header's name and the launcher's label the tenant wrote for the language asked outrank
    // the ones of every language.
    WidgetLabels labels = new WidgetLabels(config);
    labels.headerName(language).ifPresent(name -> body.put("name", name));
    labels.launcherText(language).ifPresent(label -> body.put("launcherText", label));
    List<ReplyOption> options = config.greetingOptions(language);
    if (!options.isEmpty()) body.set("greetingOptions", bodies.tree(options));
    language.ifPresent(asked -> {
      // The greeting shown before the first message, in the page's language when the tenant wrote one for it.
      config.chatGreeting(language).ifPresent(greeting -> body.put("greeting", greeting));
      WidgetTexts.Chosen texts = WidgetTexts.of(Stream.concat(Stream.of(asked),
          appearance.language().flatMap(LanguageTag::parse).stream()), appearance.texts().orElse(Map.of()),
          config.textOverrides()::informal);
      body.set("texts", bodies.tree(texts.texts()));
      body.put("textsLanguage", texts.language());
    });
    body.put("voice", voice);
    return body;
  }

  /**
   * {@code ?draft=true}: the appearance of the tenant's draft, for those who configure the bot (the
   * admin console's widget that tries it); never cached, since the next save changes it.
   */
  private CompletionStage<HttpResponse> draftAppearance(Caller caller, Optional<LanguageTag> language) {
    return configs.of(caller.tenant()).ask(TenantBotConfig.GetDraft::new, askTimeout).handle((answer, failure) -> {
      if (failure != null) return errors.response(Refusals.of(failure, "the bot configuration"));
      return answer.draft().map(draft -> {
        ObjectNode body = body(draft.config(), language);
        body.put("draft", draft.number());
        return HttpResponse.create().withStatus(StatusCodes.OK)
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()))
            .addHeader(RawHeader.create("Cache-Control", "no-store"));
      }).orElseGet(() -> errors.response(ErrorCode.NOT_FOUND, "no draft: save one with PUT /v1/config/draft"));
    });
  }

  private CompletionStage<HttpResponse> appearance(Caller caller, Optional<LanguageTag> language, Optional<String> seen) {
    return configs.of(caller.tenant()).ask(TenantBotConfig.GetCurrent::new, askTimeout).handle((current, failure) -> {
      if (failure != null) return errors.response(Refusals.of(failure, "the bot configuration"));
      ObjectNode body = body(current.version().map(TenantBotConfig.Version::config).orElseGet(BotConfig::empty), language);
      String text = body.toString();
      String etag = "\"" + HexFormat.of().formatHex(Sha256.of(text)).substring(0, 32) + "\"";
      HttpResponse response = seen.filter(tags -> matches(tags, etag)).isPresent()
          ? HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED)
          : HttpResponse.create().withStatus(StatusCodes.OK).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, text));
      return response.addHeader(RawHeader.create("ETag", etag)).addHeader(RawHeader.create("Cache-Control", CACHE_CONTROL));
    });
  }

  /** Whether {@code If-None-Match} names {@code etag} (weakly compared, as RFC 9110 has it for GET) or is {@code *}. */
  private static boolean matches(String ifNoneMatch, String etag) {
    return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }
}
