package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.core.attachment.AttachmentKeys;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.call.CallEnd;
import io.parley.core.handoff.CallTransfer;
import io.parley.core.lead.LeadContribution;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.SeqRange;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Rating;
import io.parley.core.session.SessionId;
import io.parley.sessions.ArchiveRedaction;
import io.parley.sessions.entity.ConversationNotes.SupersededFact;
import io.parley.sessions.entity.ConversationNotes.TokenTotals;
import io.parley.sessions.entity.SessionState.Closed;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The archived form of a closed session: one JSON document per session in the archive store.
 * A public format (people and tools read it years later), so it is its own versioned type, not
 * the persisted state. Its bytes depend only on the session, so writing it again after a crash
 * produces the same object and checksum. With {@code personalDataRedacted}, emails, phone numbers,
 * card numbers and IBANs in its messages, summary and facts read {@code [EMAIL_1]}… and the values
 * are nowhere in it: an archive lives for years, in storage more people can read.
 * {@code botConfigVersion} is the tenant's bot configuration the session ran with; {@code lead} its
 * last lead score; {@code transfers} the phone call's transfers to a person (absent without any); {@code callEnd} how
 * a phone session's call ended ({@link CallEnd}, absent for other channels); {@code botConfigDraft} is
 * true when that configuration was the tenant's draft (a test session; {@code botConfigVersion} is
 * then the draft's number), absent otherwise; {@code rating} the customer's rating, its comment
 * redacted like the messages (absent until they rate; one given after the close rewrites the document);
 * {@code toolCalls} the tool calls the model made, with their approvals and outcomes, their arguments,
 * results and reasons redacted like the messages (absent without any).
 * {@code attachments} the conversation's files, their names redacted like the messages (absent without any);
 * {@code experiment} the experiment the conversation was started in and its arm (absent outside any).
 */
public record SessionArchiveDocument(
    String format,
    String tenant,
    String sessionId,
    Optional<String> userId,
    Channel channel,
    Instant startedAt,
    Instant closedAt,
    String closeReason,
    List<ChatMessage> messages,
    List<SpokenMessage> spoken,
    Optional<ArchivedSummary> summary,
    List<PinnedFact> facts,
    List<SupersededFact> supersededFacts,
    TokenTotals usage,
    boolean personalDataRedacted,
    Optional<Integer> botConfigVersion,
    Optional<ArchivedLead> lead,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CallTransfer> transfers,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<CallEnd> callEnd,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Boolean> botConfigDraft,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Rating> rating,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallNote> toolCalls,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ArchivedAttachment> attachments,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ArchivedExperiment> experiment) {

  public static final String FORMAT = "parley.session-archive/1";

  public record ArchivedSummary(String text, List<SeqRange> covers) {}

  /** The experiment the conversation was started in ({@code GET /v1/experiments/{id}}) and its arm, live or candidate. */
  public record ArchivedExperiment(int id, String arm) {}

  /** The lead score the conversation ended with, each signal's contribution, and whether it qualified. */
  public record ArchivedLead(int score, boolean qualified, List<LeadContribution> contributions, Instant at) {}

  /**
   * A user message the customer spoke: its seq, the engine that heard it and how sure it was. What
   * the bot spoke is its answers; one the customer spoke over is marked {@code interrupted}.
   */
  public record SpokenMessage(long seq, String engine, double confidence) {}

  /**
   * A file of the conversation: its reference and where its sealed bytes are ({@code key}, in the
   * same store); they are readable only while the session's data key exists.
   */
  public record ArchivedAttachment(String attachmentId, String name, String contentType, long size, String key,
      Instant at) {}

  public SessionArchiveDocument {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    spoken = spoken == null ? List.of() : List.copyOf(spoken);
    botConfigVersion = botConfigVersion == null ? Optional.empty() : botConfigVersion;
    lead = lead == null ? Optional.empty() : lead;
    transfers = transfers == null ? List.of() : List.copyOf(transfers);
    callEnd = callEnd == null ? Optional.empty() : callEnd;
    botConfigDraft = botConfigDraft == null ? Optional.empty() : botConfigDraft;
    rating = rating == null ? Optional.empty() : rating;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    experiment = experiment == null ? Optional.empty() : experiment;
  }

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /**
   * The document of {@code closed}; with {@code redactByNode}, without the personal data in its
   * texts, unless the session's tenant chose to keep its archive as written.
   */
  public static SessionArchiveDocument of(SessionId id, Closed closed, boolean redactByNode) {
    ConversationNotes notes = closed.notes();
    boolean redact = ArchiveRedaction.redacts(closed.botConfig(), redactByNode);
    ArchiveRedaction.Redacted texts = ArchiveRedaction.conversation(closed.transcript().messages(), notes,
        closed.botConfig(), redactByNode);
    return new SessionArchiveDocument(FORMAT, id.tenant(), id.wireId(), closed.userId(), closed.channel(),
        closed.startedAt(),
        closed.closedAt(), closed.reason(),
        texts.messages(),
        closed.transcript().heardBySeq().entrySet().stream()
            .map(e -> new SpokenMessage(e.getKey(), e.getValue().engine(), e.getValue().confidence()))
            .sorted(Comparator.comparingLong(SpokenMessage::seq)).toList(),
        texts.summary().map(s -> new ArchivedSummary(s.text(), s.covered())),
        texts.facts(), texts.superseded(),
        notes.usage(), redact, closed.botConfig().map(PinnedBotConfig::version),
        notes.lead().map(l -> new ArchivedLead(l.score(), l.qualified(), l.contributions(), l.at())), notes.transfers(),
        CallEnd.ofSession(closed.channel(), Optional.of(closed.reason())),
        closed.botConfig().filter(PinnedBotConfig::draft).map(draft -> true),
        texts.rating(), texts.toolCalls(),
        texts.attachments().stream().map(a -> new ArchivedAttachment(a.attachmentId(), a.name(),
            a.contentType(), a.size(), AttachmentKeys.of(id, a.attachmentId()), a.at())).toList(),
        closed.botConfig().flatMap(PinnedBotConfig::experiment)
            .map(arm -> new ArchivedExperiment(arm.experiment(), arm.arm().wireName())));
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("archive document of " + sessionId + " could not be written", e);
    }
  }

  public static SessionArchiveDocument fromJson(byte[] json) {
    try {
      return JSON.readValue(json, SessionArchiveDocument.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a session archive document", e);
    }
  }
}
