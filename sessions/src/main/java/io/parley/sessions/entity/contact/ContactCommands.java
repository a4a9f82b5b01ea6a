package io.parley.sessions.entity.contact;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.CustomerContact;
import io.parley.core.handoff.TicketTranscript;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.Wording;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.sessions.ArchiveRedaction;
import io.parley.sessions.SessionServices;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionCommand.Accepted;
import io.parley.sessions.entity.SessionCommand.ContactCard;
import io.parley.sessions.entity.SessionCommand.ContactNoted;
import io.parley.sessions.entity.SessionCommand.LeaveContact;
import io.parley.sessions.entity.SessionCommand.PostTicketReply;
import io.parley.sessions.entity.SessionCommand.ReadContact;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AgentMessageAppended;
import io.parley.sessions.entity.SessionEvent.ContactLeft;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.phase.CloseCompletion;
import io.parley.sessions.entity.phase.IdleClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * A conversation no person could take, answered later: the customer leaves an email address (or
 * declines) and is told, in their language, where the reply will reach them; the conversation's
 * ticket is marked as having a contact (never the address, which stays sealed in this journal);
 * a staff member's reply to the ticket becomes an agent's message here, open or closed; and the
 * mail outbox reads the address and the redacted transcript when it sends the reply.
 */
public record ContactCommands(SessionEffects effect, SessionScope scope, SessionServices services,
    Subscribers subscribers, IdleClock idleClock, CloseCompletion completion) {
  /** The longest transcript a reply by email carries. */
  static final int MAX_TRANSCRIPT_CHARS = 100_000;

  /**
   * Stored with the notice that says honestly where the reply goes: by email only when the node
   * sends email; an address left where it does not is not kept (it would serve nothing).
   */
  public ReplyEffect<SessionEvent, SessionState> onLeaveContact(Open state, LeaveContact cmd) {
    boolean byEmail = cmd.email().isPresent() && services.unstaffedTickets().emailsReplies();
    Optional<String> kept = byEmail ? cmd.email() : Optional.empty();
    Optional<CustomerContact> before = state.notes().contact();
    if (before.isPresent() && before.get().email().equals(kept) && before.get().transcript() == (cmd.transcript() && byEmail)) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new ContactNoted(byEmail)));
    }
    long seq = state.transcript().nextSeq();
    String text = byEmail
        ? state.wording().text("contact.by-email", Map.of("email", kept.get()))
        : state.wording().text(cmd.email().isPresent() ? "contact.no-email" : "contact.here");
    return effect.persistOrRefuse(List.of(new ContactLeft(kept, cmd.transcript(), scope.now()),
            new NoticeAppended(seq, "contact-" + seq, text, scope.now())), cmd.replyTo(), persisted -> persisted
        .thenRun(after -> {
          subscribers.publishMessage(after, seq);
          services.unstaffedTickets().contactLeft(scope.id(), byEmail);
          scope.log(Level.INFO).log(byEmail ? "the customer left an email for the reply" : "the customer will come back");
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new ContactNoted(byEmail))));
  }

  /**
   * The contact card; its transcript, when the customer asked for one, is redacted as the archive is
   * on the tenant-logic pool (the tenant's patterns never run on the session's thread) and the card
   * is told from there.
   */
  public ReplyEffect<SessionEvent, SessionState> read(SessionState state, ReadContact cmd) {
    ConversationNotes notes = state instanceof Open open ? open.notes() : ((Closed) state).notes();
    var pinned = state instanceof Open open ? open.botConfig() : ((Closed) state).botConfig();
    Optional<CustomerContact> contact = notes.contact();
    Optional<String> email = contact.flatMap(CustomerContact::email);
    String language = SessionState.languageTag(notes).orElse("en");
    if (contact.filter(CustomerContact::transcript).isEmpty()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new ContactCard(email, Optional.empty(), language)));
    }
    List<ChatMessage> messages = state.transcript().messages();
    boolean redactByNode = services.settings().redactArchive();
    TicketTranscript.Labels labels = customersLabels(Wording.of(notes.language().map(ConversationLanguage::tag),
        pinned.map(PinnedBotConfig::config)));
    services.logic().pool().submit(scope.id().tenant(), () -> {
      Placeholders placeholders = ArchiveRedaction.of(messages, pinned, redactByNode);
      return TicketTranscript.of(messages.stream().map(m -> m.withTexts(placeholders::redact)).toList(),
          MAX_TRANSCRIPT_CHARS, labels);
    }).whenComplete((transcript, failure) -> cmd.replyTo().tell(failure == null
        ? StatusReply.success(new ContactCard(email, Optional.of(transcript), language))
        : StatusReply.error(Refusal.of(ErrorCode.UNAVAILABLE, "the conversation's transcript could not be prepared"))));
    return effect.noReply();
  }

  /** The labels of the transcript the customer is emailed: in the conversation's language, as its notices. */
  private static TicketTranscript.Labels customersLabels(Wording wording) {
    return new TicketTranscript.Labels(
        (first, last) -> wording.text("transcript.heading", Map.of("first", first, "last", last)),
        wording.text("transcript.customer"), wording.text("transcript.assistant"),
        agent -> wording.text("transcript.agent", Map.of("agent", agent)),
        wording.text("transcript.agent", Map.of("agent", wording.text("handoff.unnamed-agent"))),
        wording.text("transcript.notice"), wording.text("transcript.cut"));
  }

  /** A staff reply to the conversation's ticket, open or closed. */
  public ReplyEffect<SessionEvent, SessionState> onTicketReply(SessionState state, PostTicketReply cmd) {
    String key = SessionState.agentKey(cmd.replyKey());
    Optional<ChatMessage> stored = state.transcript().byClientMsgId(key);
    if (stored.isPresent()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new Accepted(stored.get().seq(), stored.get().turnId(), true)));
    }
    if (cmd.text().isBlank() || cmd.agentName().isBlank()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST,
          "a reply needs a text and an author's name")));
    }
    long seq = state.transcript().nextSeq();
    return effect
        .persist(new AgentMessageAppended(seq, cmd.replyKey(), cmd.agentId(), cmd.agentName(), cmd.text(), scope.now(),
            cmd.translation(), List.of()))
        .thenRun(after -> {
          services.metrics().messagePersisted(scope.id().tenant(), Role.AGENT.wireName());
          subscribers.publishMessage(after, seq);
          if (after instanceof Closed closed) completion.rewriteArchive(closed);
          scope.log(Level.INFO).addKeyValue("agentId", cmd.agentId()).log("a reply to the conversation's ticket");
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new Accepted(seq, "agent-" + seq, false)));
  }
}
