package io.parley.sessions.entity.turns;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageTag;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.Translation;
import io.parley.sessions.SessionServices;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionCommand.TranslateCustomer;
import io.parley.sessions.entity.SessionCommand.TranslateReply;
import io.parley.sessions.entity.SessionCommand.Translated;
import io.parley.sessions.entity.SessionCommand.TranslatedText;
import io.parley.sessions.entity.SessionCommand.WordReply;
import io.parley.sessions.entity.SessionCommand.WordedReply;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Transcript;
import io.parley.sessions.turn.Translator;
import io.parley.sessions.turn.TurnPatterns;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Machine translation for the staff of a conversation in another language (docs/languages.md):
 * the customer's messages into an agent's language, and the holding agent's reply into the
 * conversation's, asked for or, for a reply written in another language, without asking (a
 * ticket's reply too). A child ({@link Translator}) asks the tenant's model, personal data as
 * placeholders, and answers the asker directly; nothing is stored until the reply is sent. What the model spent is counted against the tenant's token budget, on the
 * conversations' line, as a turn's tokens are.
 */
public record TranslationCommands(SessionEffects effect, SessionScope scope,
    SessionServices services, TranscriptPlaceholders placeholders, TenantUsage usage,
    ActorRef<Translator.Spent> spent) {
  /** The newest messages are what an agent reads first; older ones are in the briefing. */
  static final int RECENT_MESSAGES = 30;

  /** Any agent of the tenant reading the conversation may ask: the session is found only in its own tenant. */
  public ReplyEffect<SessionEvent, SessionState> onTranslateCustomer(Open state, TranslateCustomer cmd) {
    Optional<LanguageTag> into = LanguageTag.parse(cmd.language());
    if (into.isEmpty()) return refuse(cmd.replyTo(), ErrorCode.BAD_REQUEST, "unknown language tag: " + cmd.language());
    List<ChatMessage> customer = state.transcript().messages().stream().filter(m -> m.role() == Role.USER).toList();
    List<ChatMessage> recent = customer.subList(Math.max(0, customer.size() - RECENT_MESSAGES), customer.size());
    if (recent.isEmpty()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new Translated(into.get().tag(), List.of())));
    }
    return translate(state.transcript(), state.botConfig(), recent.stream().map(ChatMessage::text).toList(), into.get(),
        cmd.replyTo(), texts -> new Translated(into.get().tag(), IntStream.range(0, texts.size())
            .mapToObj(i -> new TranslatedText(recent.get(i).seq(), texts.get(i))).toList()), TranslationCommands::tryAgain);
  }

  public ReplyEffect<SessionEvent, SessionState> onTranslateReply(Open state, TranslateReply cmd) {
    Optional<String> refusal = state.handoff().refusalToAct(cmd.agentId());
    if (refusal.isPresent()) return refuse(cmd.replyTo(), ErrorCode.CONFLICT, refusal.get());
    Optional<LanguageTag> language = state.notes().language().map(ConversationLanguage::tag);
    if (language.isEmpty()) {
      return refuse(cmd.replyTo(), ErrorCode.CONFLICT, "the conversation has no language yet; send the reply as written");
    }
    Optional<LanguageTag> from = LanguageTag.parse(cmd.from());
    if (from.isEmpty()) return refuse(cmd.replyTo(), ErrorCode.BAD_REQUEST, "unknown language tag: " + cmd.from());
    if (language.get().primary().equals(from.get().primary())) {
      return refuse(cmd.replyTo(), ErrorCode.CONFLICT, "the conversation is in " + language.get().tag()
          + " already; send the reply as written");
    }
    String tag = language.get().tag();
    return translate(state.transcript(), state.botConfig(), List.of(cmd.text()), language.get(), cmd.replyTo(),
        texts -> new Translated(tag, List.of(new TranslatedText(0, texts.get(0)))), TranslationCommands::tryAgain);
  }

  /**
   * A staff reply as the customer reads it (docs/languages.md#staff): translated when the tenant
   * translates agents' replies and the node's language detection tells the text clearly in another
   * language than the conversation's; as written otherwise. A translation that fails sends the
   * original, marked for staff with itself as the original, rather than losing the reply. A ticket's
   * reply ({@code replyKey}) stored already is answered as it was stored, without the model.
   */
  public ReplyEffect<SessionEvent, SessionState> onWordReply(SessionState state, WordReply cmd) {
    Optional<ChatMessage> stored = cmd.replyKey().flatMap(key -> state.transcript().byClientMsgId(SessionState.agentKey(key)));
    if (stored.isPresent()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new WordedReply(stored.get().text(), stored.get().translation())));
    }
    Optional<String> refusal = cmd.agentId().flatMap(agent -> state instanceof Open open
        ? open.handoff().refusalToAct(agent) : Optional.of("the conversation is closed"));
    if (refusal.isPresent()) return refuse(cmd.replyTo(), ErrorCode.CONFLICT, refusal.get());
    Optional<PinnedBotConfig> pinned = pinned(state);
    Optional<LanguageTag> language = (state instanceof Open open ? Optional.of(open.notes())
        : state instanceof SessionState.Closed closed ? Optional.of(closed.notes()) : Optional.<ConversationNotes>empty())
        .flatMap(ConversationNotes::language).map(ConversationLanguage::tag);
    boolean on = pinned.map(config -> config.config().translatesAgentReplies()).orElse(true);
    Optional<LanguageTag> written = language.filter(tag -> on && services.answering().llm().isPresent())
        .flatMap(tag -> services.languages().detect(cmd.text(), tag))
        .filter(from -> !from.primary().equals(language.get().primary()));
    if (written.isEmpty()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new WordedReply(cmd.text(), Optional.empty())));
    }
    String from = written.get().tag();
    String to = language.get().tag();
    return translate(state.transcript(), pinned, List.of(cmd.text()), language.get(), cmd.replyTo(),
        texts -> new WordedReply(texts.get(0), Optional.of(new Translation(cmd.text(), from, to))),
        why -> StatusReply.success(new WordedReply(cmd.text(), Optional.of(new Translation(cmd.text(), from, to)))));
  }

  private static <T> StatusReply<T> tryAgain(String why) {
    return StatusReply.error(Refusal.of(ErrorCode.UNAVAILABLE, why + "; try again"));
  }

  /** The tokens a translation spent, on the tenant's budget under the session's limits. */
  public ReplyEffect<SessionEvent, SessionState> onSpent(SessionState state, InternalCommand.TranslationSpent cmd) {
    usage.answerUsed(cmd.spent().key(), cmd.spent().usage(), scope.now(), TenantTokenBudget.CONVERSATIONS, pinned(state));
    return effect.noReply();
  }

  private static Optional<PinnedBotConfig> pinned(SessionState state) {
    return state instanceof Open open ? open.botConfig()
        : state instanceof SessionState.Closed closed ? closed.botConfig() : Optional.empty();
  }

  private <T> ReplyEffect<SessionEvent, SessionState> translate(Transcript transcript, Optional<PinnedBotConfig> pinned,
      List<String> texts, LanguageTag language, ActorRef<StatusReply<T>> replyTo, Function<List<String>, T> translated,
      Function<String, StatusReply<T>> failed) {
    if (services.answering().llm().isEmpty()) {
      return refuse(replyTo, ErrorCode.UNAVAILABLE, "no model is configured on this node to translate");
    }
    Placeholders numbered = placeholders.of(transcript, pinned);
    scope.spawnHelper(Translator.create(services.answering().llm().get(), texts, language,
        pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty()), numbered,
        new TurnPatterns(services.logic(), scope.id(), "translation", numbered, services.metrics()), replyTo, translated,
        failed, "translation-" + UUID.randomUUID(), spent, services.answering()));
    return effect.noReply();
  }

  private <T> ReplyEffect<SessionEvent, SessionState> refuse(ActorRef<StatusReply<T>> replyTo, ErrorCode code,
      String message) {
    return effect.reply(replyTo, StatusReply.error(Refusal.of(code, message)));
  }
}
