package io.parley.sessions.conversations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.RedactionPattern;
import io.parley.core.privacy.PersonalData;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.Placeholders;
import io.parley.core.privacy.RedactionPolicy;
import io.parley.core.privacy.TenantPatterns;
import io.parley.core.search.BlindIndex;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationTexts;
import io.parley.sessions.ArchiveRedaction;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.ToolCallNote;
import io.parley.sessions.turn.ToolRound;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Folds what the conversations export prints of a conversation besides its figures from its
 * session's events ({@link ConversationTexts}): the rating's comment (the last rating's) and the tool
 * calls with their approvals, as the session notes them ({@link ToolCallNote}). When the session's
 * texts are redacted ({@link ArchiveRedaction#redacts}, decided at its start, as the archive is) no
 * personal value is kept: each is held as its kind and a keyed hash ({@link BlindIndex}), and the
 * hashes of the values its messages mention are kept in their order, so that the export numbers the
 * placeholders as the archive does ({@link ExportPrint}). Pure but for the key: the same events give
 * the same texts.
 */
final class ExportTexts {
  static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  static final TypeReference<List<ToolCallNote>> CALLS = new TypeReference<>() {};
  /** A held value: its kind and keyed hash between two characters of Unicode's private use area. */
  static final char OPEN = '\uE000';
  static final char CLOSE = '\uE001';

  /**
   * How the texts are redacted: whether at all, with which policy, the hashes of the values the
   * messages mentioned by kind in order of first mention, and the calls of the approvals asked; and
   * how many messages were folded into them (customer's, bot's, agent's and notices, as the row
   * counts them), which tells the export whether a node that keeps no texts folded some since.
   */
  record Redaction(boolean redacts, Policy policy, Map<String, List<Long>> seen, Map<String, String> approvals,
      int messages) {}

  /**
   * The session's redaction policy as its bot configuration writes it: the built-in kinds and each
   * pattern's name and source text. The row is a persisted shape and a compiled pattern has none; this
   * form is at most {@value TenantPatterns#MAX_PATTERNS} patterns of {@value TenantPatterns#MAX_REGEX}
   * characters and reads back alone, where the pinned configuration's version would need a read of the
   * configurations on every batch. A row written before holds the same shape with no patterns (one
   * with patterns could not be written), so it reads as it did.
   */
  record Policy(List<PersonalDataKind> kinds, List<RedactionPattern> patterns) {
    /** In the kinds' order, so that the same policy is always written the same. */
    static Policy of(RedactionPolicy policy) {
      return new Policy(policy.kinds().stream().sorted().toList(), policy.patterns().stream()
          .map(pattern -> new RedactionPattern(pattern.name(), pattern.regex().source())).toList());
    }

    /** Compiled as the configuration compiles it: a pattern RE2 refuses never matches. */
    RedactionPolicy compiled() {
      return new RedactionPolicy(Set.copyOf(kinds),
          patterns.stream().map(pattern -> TenantPatterns.of(pattern.name(), pattern.regex())).toList());
    }
  }

  private final BlindIndex index;
  private final boolean redactByNode;
  /** The policies the slices (each on its own thread) used last, so a tenant's patterns are not compiled per event. */
  private final Map<Policy, RedactionPolicy> compiled = Collections.synchronizedMap(RecentlyUsed.atMost(64));

  /** {@code redactByNode}: the node's PARLEY_REDACT_ARCHIVE. */
  ExportTexts(BlindIndex index, boolean redactByNode) {
    this.index = index;
    this.redactByNode = redactByNode;
  }

  /** Whether {@code event} can change a conversation's texts. */
  static boolean matters(SessionEvent event) {
    return said(event).isPresent() || event instanceof SessionEvent.Rated || event instanceof SessionEvent.ToolCallsRequested
        || event instanceof SessionEvent.ToolCallCompleted || event instanceof SessionEvent.ApprovalRequested
        || event instanceof SessionEvent.ApprovalDecided;
  }

  /** The texts of a session as it starts: none yet, under the redaction of the configuration it pinned. */
  ConversationTexts started(SessionEvent.SessionStarted started) {
    Optional<PinnedBotConfig> pinned = started.botConfig();
    RedactionPolicy policy = pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty()).redaction();
    return written(new Redaction(ArchiveRedaction.redacts(pinned, redactByNode), Policy.of(policy),
        new LinkedHashMap<>(), new LinkedHashMap<>(), 0), Optional.empty(), List.of());
  }

  /** {@code texts} after {@code event}; empty when it changed nothing. */
  Optional<ConversationTexts> next(SessionId id, ConversationTexts texts, SessionEvent event) {
    Redaction redaction = read(texts.redaction(), Redaction.class);
    Optional<String> said = said(event);
    if (said.isPresent()) {
      List<PersonalData.Found> values = redaction.redacts() ? PersonalData.find(said.get(), compiled(redaction))
          : List.of();
      for (PersonalData.Found found : values) {
        List<Long> kind = redaction.seen().computeIfAbsent(found.kind(), k -> new ArrayList<>());
        long hash = hash(id, found);
        if (!kind.contains(hash)) kind.add(hash);
      }
      Redaction counted = new Redaction(redaction.redacts(), redaction.policy(), redaction.seen(), redaction.approvals(),
          redaction.messages() + 1);
      return Optional.of(new ConversationTexts(write(counted), texts.ratingComment(), texts.toolCalls()));
    }
    UnaryOperator<String> held = text -> held(id, redaction, text);
    List<ToolCallNote> calls = new ArrayList<>(read(texts.toolCalls(), CALLS));
    if (event instanceof SessionEvent.Rated rated) {
      return Optional.of(written(redaction, rated.comment().map(held), calls));
    } else if (event instanceof SessionEvent.ToolCallsRequested requested) {
      // A turn resumed after a crash may ask again for a call it noted already.
      for (ToolRound.RequestedCall call : requested.calls()) {
        if (calls.stream().noneMatch(note -> is(note, requested.turnId(), call.id()))) {
          calls.add(new ToolCallNote(requested.turnId(), call.id(), call.name(), held.apply(call.argumentsJson()),
              requested.at(), Optional.empty(), Optional.empty()));
        }
      }
    } else if (event instanceof SessionEvent.ToolCallCompleted completed) {
      change(calls, completed.turnId(), completed.result().id(), call -> call.result().isPresent() ? call
          : with(call, Optional.of(new ToolCallNote.Result(completed.result().ok(),
              held.apply(completed.result().summary()), completed.at())), call.approval()));
    } else if (event instanceof SessionEvent.ApprovalRequested asked) {
      ToolRound.Approval approval = asked.approval();
      redaction.approvals().put(approval.approvalId(), approval.callId());
      change(calls, asked.turnId(), approval.callId(), call -> call.approval().isPresent() ? call
          : with(call, call.result(), Optional.of(new ToolCallNote.ApprovalNote(approval.approver(),
              held.apply(approval.summary()), asked.at(), Optional.empty()))));
    } else if (event instanceof SessionEvent.ApprovalDecided decided) {
      String callId = redaction.approvals().remove(decided.approvalId());
      if (callId == null) return Optional.empty();
      ToolRound.Decision decision = decided.decision();
      ToolRound.Decision kept = new ToolRound.Decision(decision.outcome(), decision.reason().map(held), decision.at(),
          decision.by());
      change(calls, decided.turnId(), callId, call -> with(call, call.result(), call.approval()
          .filter(approval -> approval.decision().isEmpty())
          .map(approval -> new ToolCallNote.ApprovalNote(approval.approver(), approval.summary(), approval.askedAt(),
              Optional.of(kept))).or(call::approval)));
    } else {
      return Optional.empty();
    }
    return Optional.of(written(redaction, texts.ratingComment(), calls));
  }

  /** What the customer, the bot or an agent wrote, or a notice said: the transcript's texts, numbered first. */
  private static Optional<String> said(SessionEvent event) {
    if (event instanceof SessionEvent.UserMessageAppended user) return Optional.of(user.text());
    if (event instanceof SessionEvent.AssistantMessageAppended answer) return Optional.of(answer.text());
    if (event instanceof SessionEvent.AgentMessageAppended agent) return Optional.of(agent.text());
    if (event instanceof SessionEvent.NoticeAppended notice) return Optional.of(notice.text());
    return Optional.empty();
  }

  /** {@code text} with each personal value the policy finds held as its kind and hash; as written when not redacted. */
  private String held(SessionId id, Redaction redaction, String text) {
    if (!redaction.redacts()) return text;
    List<PersonalData.Found> found = PersonalData.find(text, compiled(redaction));
    if (found.isEmpty()) return text;
    StringBuilder held = new StringBuilder(text.length());
    int at = 0;
    for (PersonalData.Found value : found) {
      held.append(text, at, value.start()).append(OPEN).append(value.kind()).append(':').append(hash(id, value))
          .append(CLOSE);
      at = value.end();
    }
    return held.append(text, at, text.length()).toString();
  }

  private RedactionPolicy compiled(Redaction redaction) {
    return compiled.computeIfAbsent(redaction.policy(), Policy::compiled);
  }

  /** The value's keyed hash in its tenant: the same value however it is written is one hash, as it is one placeholder. */
  private long hash(SessionId id, PersonalData.Found found) {
    return index.terms(id.tenant(), List.of("personal " + Placeholders.keyOf(found))).iterator().next();
  }

  private static boolean is(ToolCallNote note, String turnId, String callId) {
    return note.turnId().equals(turnId) && note.callId().equals(callId);
  }

  private static void change(List<ToolCallNote> calls, String turnId, String callId, UnaryOperator<ToolCallNote> change) {
    calls.replaceAll(note -> is(note, turnId, callId) ? change.apply(note) : note);
  }

  private static ToolCallNote with(ToolCallNote call, Optional<ToolCallNote.Result> result,
      Optional<ToolCallNote.ApprovalNote> approval) {
    return new ToolCallNote(call.turnId(), call.callId(), call.tool(), call.argumentsJson(), call.requestedAt(), result,
        approval);
  }

  private static ConversationTexts written(Redaction redaction, Optional<String> comment, List<ToolCallNote> calls) {
    return new ConversationTexts(write(redaction), comment, write(calls));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a conversation's texts", e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a conversation's texts", e);
    }
  }

  static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a conversation's texts", e);
    }
  }
}
