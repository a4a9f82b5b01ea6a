package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.attachment.Attachment;
import io.parley.core.handoff.CallTransfer;
import io.parley.core.handoff.CustomerContact;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.lead.LeadScore;
import io.parley.core.llm.TokenUsage;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.memory.SeqRange;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What a session knows beside its transcript: the rolling summary of the oldest messages (and
 * which ranges it covers), the pinned facts (and the values they superseded: a change is
 * recorded, never a silent overwrite), the tokens its model calls used, and the tool calls the
 * model made, with their approvals and outcomes ({@link ToolCallNote}). Immutable.
 */
public record ConversationNotes(
    Optional<Summary> summary, List<PinnedFact> facts, List<SupersededFact> superseded, TokenTotals usage,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LeadScore> lead,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CallTransfer> transfers,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<PageContext> page,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Rating> rating,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ConversationLanguage> language,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallNote> toolCalls,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<CustomerContact> contact,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Attachment> attachments,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Long, List<String>> sharedFiles,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProcedureNote> procedures) {

  /** The rolling summary and the message ranges folded into it so far, oldest first. */
  public record Summary(String text, List<SeqRange> covered, AnswerSource lastSource, Instant updatedAt) {
    public Summary {
      covered = List.copyOf(covered);
    }

    public long coveredUpTo() {
      return covered.isEmpty() ? 0 : covered.get(covered.size() - 1).toSeq();
    }
  }

  public record SupersededFact(PinnedFact fact, String replacedBy, long replacedAtSeq, Instant at) {}

  public record TokenTotals(long promptTokens, long completionTokens) {
    TokenTotals plus(Optional<TokenUsage> usage) {
      return usage.map(u -> new TokenTotals(promptTokens + u.promptTokens(), completionTokens + u.completionTokens()))
          .orElse(this);
    }
  }

  public ConversationNotes {
    // Snapshots written before lead scoring have none.
    lead = lead == null ? Optional.empty() : lead;
    // Likewise before phone transfers.
    transfers = transfers == null ? List.of() : List.copyOf(transfers);
    // Likewise before page contexts and ratings.
    page = page == null ? Optional.empty() : page;
    rating = rating == null ? Optional.empty() : rating;
    // Likewise before conversation languages.
    language = language == null ? Optional.empty() : language;
    // Likewise before tool calls were kept past their turn.
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    // Likewise before customers left a contact.
    contact = contact == null ? Optional.empty() : contact;
    // Likewise before attachments.
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    sharedFiles = sharedFiles == null ? Map.of() : Map.copyOf(sharedFiles);
    // Likewise before procedures ran.
    procedures = procedures == null ? List.of() : List.copyOf(procedures);
    facts = List.copyOf(facts);
    superseded = List.copyOf(superseded);
  }

  /** The last seq the rolling summary covers; 0 without a summary. */
  public long summarizedThroughSeq() {
    return summary.map(Summary::coveredUpTo).orElse(0L);
  }

  public Optional<String> summaryText() {
    return summary.map(Summary::text);
  }

  /** The facts as the core's fact logic sees them (to apply new ones, to render them). */
  public PinnedFacts pinnedFacts() {
    return new PinnedFacts(facts, superseded.stream().map(SupersededFact::fact).toList());
  }

  public static ConversationNotes empty() {
    return new ConversationNotes(Optional.empty(), List.of(), List.of(), new TokenTotals(0, 0), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), Map.of(), List.of());
  }

  ConversationNotes withUsage(Optional<TokenUsage> used) {
    return with(parts -> parts.usage = usage.plus(used));
  }

  ConversationNotes withSummary(String text, SeqRange range, AnswerSource source, Instant at) {
    List<SeqRange> covered = new ArrayList<>(summary.map(Summary::covered).orElse(List.of()));
    covered.add(range);
    return with(parts -> parts.summary = Optional.of(new Summary(text, covered, source, at)));
  }

  /**
   * An answer at {@code sourceSeq} was cut to {@code heard}: the facts it pinned that the customer
   * never heard are withdrawn, and the values they had superseded are current again.
   */
  ConversationNotes withoutUnheardFacts(long sourceSeq, String heard) {
    String kept = heard.toLowerCase(Locale.ROOT);
    List<PinnedFact> unheard = facts.stream()
        .filter(f -> f.sourceSeq() == sourceSeq && !kept.contains(f.value().toLowerCase(Locale.ROOT)))
        .toList();
    if (unheard.isEmpty()) return this;
    List<PinnedFact> current = new ArrayList<>(facts);
    current.removeAll(unheard);
    List<SupersededFact> replaced = new ArrayList<>(superseded);
    replaced.removeIf(old -> {
      boolean restored = unheard.stream().anyMatch(f -> f.name().equals(old.fact().name())
          && f.value().equals(old.replacedBy()) && old.replacedAtSeq() == sourceSeq);
      if (restored) current.add(old.fact());
      return restored;
    });
    return with(parts -> {
      parts.facts = current;
      parts.superseded = replaced;
    });
  }

  ConversationNotes withLead(LeadScore score) {
    return with(parts -> parts.lead = Optional.of(score));
  }

  /** Pins {@code fact}; when it replaces {@code supersedes}, the old value moves to the superseded list. */
  ConversationNotes withFact(PinnedFact fact, Optional<String> supersedes) {
    List<PinnedFact> current = new ArrayList<>(facts);
    List<SupersededFact> replaced = new ArrayList<>(superseded);
    supersedes.ifPresent(old -> current.removeIf(f -> {
      boolean match = f.name().equals(fact.name()) && f.value().equals(old);
      if (match) replaced.add(new SupersededFact(f, fact.value(), fact.sourceSeq(), fact.at()));
      return match;
    }));
    current.add(fact);
    return with(parts -> {
      parts.facts = current;
      parts.superseded = replaced;
    });
  }

  /** The page the customer is on now, replacing the one before. */
  ConversationNotes withPage(PageContext context) {
    return with(parts -> parts.page = Optional.of(context));
  }

  ConversationNotes withRating(Rating given) {
    return with(parts -> parts.rating = Optional.of(given));
  }

  /** The conversation's language from now on. */
  ConversationNotes withLanguage(ConversationLanguage decided) {
    return with(parts -> parts.language = Optional.of(decided));
  }

  /** The calls the model asked for in a turn, each noted as requested. */
  public ConversationNotes withToolCallsRequested(String turnId, List<ToolRound.RequestedCall> calls, Instant at) {
    List<ToolCallNote> all = new ArrayList<>(toolCalls);
    // A turn resumed after a crash may ask again for a call it noted already.
    calls.stream().filter(call -> all.stream().noneMatch(note -> note.is(turnId, call.id())))
        .forEach(call -> all.add(ToolCallNote.requested(turnId, call, at)));
    return withToolCalls(all);
  }

  /** The noted call {@code callId} of {@code turnId} changed by {@code change}; unchanged when none is noted. */
  ConversationNotes withToolCall(String turnId, String callId, UnaryOperator<ToolCallNote> change) {
    return withToolCalls(toolCalls.stream().map(note -> note.is(turnId, callId) ? change.apply(note) : note).toList());
  }

  private ConversationNotes withToolCalls(List<ToolCallNote> all) {
    return with(parts -> parts.toolCalls = all);
  }

  /** The phone call's transfers, oldest first. */
  public ConversationNotes withTransfer(CallTransfer transfer) {
    List<CallTransfer> all = new ArrayList<>(transfers);
    all.add(transfer);
    return with(parts -> parts.transfers = all);
  }

  /** What the customer left for a reply, replacing what they left before. */
  ConversationNotes withContact(CustomerContact left) {
    return with(parts -> parts.contact = Optional.of(left));
  }

  /** With {@code added}, the conversation's files, oldest first. */
  public ConversationNotes withAttachment(Attachment added) {
    List<Attachment> all = new ArrayList<>(attachments);
    all.add(added);
    return with(parts -> parts.attachments = all);
  }

  /** The conversation's file of this id, if it has one. */
  public Optional<Attachment> attachment(String attachmentId) {
    return attachments.stream().filter(a -> a.attachmentId().equals(attachmentId)).findFirst();
  }

  /** With the message at {@code seq} carrying these files. */
  public ConversationNotes withShared(long seq, List<String> attachmentIds) {
    if (attachmentIds.isEmpty()) return this;
    Map<Long, List<String>> all = new HashMap<>(sharedFiles);
    all.put(seq, List.copyOf(attachmentIds));
    return with(parts -> parts.sharedFiles = all);
  }

  /** The files the message at {@code seq} carries, in its order. */
  public List<Attachment> filesOf(long seq) {
    return sharedFiles.getOrDefault(seq, List.of()).stream().map(this::attachment).flatMap(Optional::stream).toList();
  }

  /** The procedure run under way, if one is: the session runs its steps, and the model waits. */
  public Optional<ProcedureNote> runningProcedure() {
    return procedures.isEmpty() || !procedures.getLast().run().running() ? Optional.empty() : Optional.of(procedures.getLast());
  }

  /** With the run {@code runId} changed by {@code change}, or {@code started} added when it is new. */
  public ConversationNotes withProcedure(String runId, UnaryOperator<ProcedureNote> change, Optional<ProcedureNote> started) {
    List<ProcedureNote> all = new ArrayList<>(procedures.stream().map(note -> note.runId().equals(runId) ? change.apply(note) : note).toList());
    started.filter(note -> all.stream().noneMatch(kept -> kept.runId().equals(runId))).ifPresent(all::add);
    return with(parts -> parts.procedures = all);
  }

  /** These notes with what {@code change} sets of their parts; the rest as they are. */
  private ConversationNotes with(Consumer<Parts> change) {
    Parts parts = new Parts(this);
    change.accept(parts);
    return parts.notes();
  }

  /**
   * The parts of one copy of the notes while a {@code with…} method sets the few it changes, so no
   * method repeats the whole record; local to that method, never shared.
   */
  private static final class Parts {
    private Optional<Summary> summary;
    private List<PinnedFact> facts;
    private List<SupersededFact> superseded;
    private TokenTotals usage;
    private Optional<LeadScore> lead;
    private List<CallTransfer> transfers;
    private Optional<PageContext> page;
    private Optional<Rating> rating;
    private Optional<ConversationLanguage> language;
    private List<ToolCallNote> toolCalls;
    private Optional<CustomerContact> contact;
    private List<Attachment> attachments;
    private Map<Long, List<String>> sharedFiles;
    private List<ProcedureNote> procedures;

    private Parts(ConversationNotes notes) {
      summary = notes.summary;
      facts = notes.facts;
      superseded = notes.superseded;
      usage = notes.usage;
      lead = notes.lead;
      transfers = notes.transfers;
      page = notes.page;
      rating = notes.rating;
      language = notes.language;
      toolCalls = notes.toolCalls;
      contact = notes.contact;
      attachments = notes.attachments;
      sharedFiles = notes.sharedFiles;
      procedures = notes.procedures;
    }

    private ConversationNotes notes() {
      return new ConversationNotes(summary, facts, superseded, usage, lead, transfers, page, rating, language, toolCalls,
          contact, attachments, sharedFiles, procedures);
    }
  }
}
