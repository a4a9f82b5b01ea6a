package io.parley.sessions.entity.handoff;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.Handoff;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.handoff.SupportHours;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.AgentWaitOver;
import io.parley.sessions.entity.InternalCommand.QueuePlaceHeard;
import io.parley.sessions.entity.InternalCommand.UnstaffedTicketHeard;
import io.parley.sessions.entity.SessionCommand.Accepted;
import io.parley.sessions.entity.SessionCommand.Composing;
import io.parley.sessions.entity.SessionCommand.HandBack;
import io.parley.sessions.entity.SessionCommand.PostAgentMessage;
import io.parley.sessions.entity.SessionCommand.RequestAgent;
import io.parley.sessions.entity.SessionCommand.SuggestReply;
import io.parley.sessions.entity.SessionCommand.TakeOver;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AgentJoined;
import io.parley.sessions.entity.SessionEvent.AgentMessageAppended;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent.ReturnedToBot;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.attachment.SessionFiles;
import io.parley.sessions.entity.phase.IdleClock;
import io.parley.sessions.entity.phase.RepeatedMessages;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.entity.turns.TranscriptPlaceholders;
import io.parley.sessions.entity.turns.TurnSlot;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.turn.ReplySuggester;
import io.parley.sessions.turn.TurnPatterns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * A person in the conversation: asked for (by the customer's words, the escalation workflow, an
 * API call), waiting in the tenant's {@link AgentQueue}, taken over by an agent whose messages go
 * to the customer, and handed back to the bot; or, when no agent is online or none comes in time,
 * a ticket with the conversation attached (the conversation's open ticket if it has one), then back
 * to the bot with the customer told so and the ticket named, the bot answering what they wrote
 * while they waited (the request itself is answered by the notice). Each step is persisted with the notice the customer
 * reads, so a crash never leaves the customer unsure who is answering. While anyone but the bot
 * holds the session its turns do not run (see {@link Open#appendUser}).
 *
 * <p>{@code services}: the node's settings and metrics, and the model a reply suggestion asks.
 */
public record HandoffCommands(SessionEffects effect, SessionScope scope, SessionServices services,
    RepeatedMessages repeats, Subscribers subscribers, IdleClock idleClock, TurnSlot turn, AnswerWaiters waiters,
    AgentQueueLink agentQueue, TranscriptPlaceholders placeholders, NextTurn nextTurn, HandoffRouting handoffs) {
  static final String NO_AGENT_ONLINE = "no_agent_online";
  static final String NO_AGENT_IN_TIME = "no_agent_in_time";

  public ReplyEffect<SessionEvent, SessionState> onRequestAgent(Open state, RequestAgent cmd) {
    if (!state.handoff().botAnswers()) return replyInfo(state, cmd.replyTo());
    return effect.persist(new AgentRequested(cmd.trigger(), scope.now()))
        .thenRun(handoffs::waitForAgent)
        .thenReply(cmd.replyTo(), after -> StatusReply.success(after.info(scope.id())));
  }

  /**
   * The customer's place in the queue and the expected wait: a notice once per request, then a
   * {@code handoff} frame whenever the queue moves. With no agent's console open when the session
   * joins, nobody is coming: the conversation goes to a ticket rather than wait for nobody (an agent
   * closing the console later does not do that: the wait limit does).
   */
  public ReplyEffect<SessionEvent, SessionState> onQueuePlaceHeard(Open state, QueuePlaceHeard cmd) {
    Handoff handoff = state.handoff();
    AgentQueue.Place place = cmd.place();
    if (handoff.status() != HandoffStatus.WAITING_FOR_AGENT || place.position() == 0) return effect.noReply();
    String noticeId = "queued-" + handoff.since().map(Instant::toEpochMilli).orElse(0L);
    boolean told = state.transcript().byClientMsgId(SessionState.noticeKey(noticeId)).isPresent();
    if (!told && place.agentsOnline() == 0) {
      agentQueue.askUnstaffedTicket(state, NO_AGENT_ONLINE, "A customer asked for a person while no agent was online");
      return effect.noReply();
    }
    subscribers.publish(new SessionUpdate.QueuePlace(place.position(), place.expectedMinutes()));
    if (told) return effect.noReply();
    Wording wording = state.wording();
    String wait = wording.text("handoff.wait", Map.of("minutes", place.expectedMinutes()));
    String text = wording.text(place.position() <= 1 ? "handoff.next" : "handoff.position",
        Map.of("position", place.position(), "wait", wait));
    long seq = state.transcript().nextSeq();
    return effect.persist(new NoticeAppended(seq, noticeId, text, scope.now()))
        .thenRun(after -> subscribers.publishMessage(after, seq))
        .thenNoReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onAgentWaitOver(Open state, AgentWaitOver cmd) {
    Handoff handoff = state.handoff();
    if (handoff.status() != HandoffStatus.WAITING_FOR_AGENT) return effect.noReply();
    Instant due = agentQueue.waitOverAt(state);
    if (scope.now().isBefore(due)) {
      agentQueue.join(state);
      return effect.noReply();
    }
    agentQueue.askUnstaffedTicket(state, NO_AGENT_IN_TIME, "A customer waited for a person and no agent came in time");
    return effect.noReply();
  }

  /**
   * Nobody came, and the ticket is open (or could not be): the customer is told so honestly, with
   * the ticket's id, and the bot answers again. An agent who took the conversation meanwhile keeps
   * it; the ticket stays, the conversation in it.
   */
  public ReplyEffect<SessionEvent, SessionState> onUnstaffedTicketHeard(Open state, UnstaffedTicketHeard cmd) {
    Handoff handoff = state.handoff();
    if (handoff.status() != HandoffStatus.WAITING_FOR_AGENT || !handoff.since().equals(Optional.of(cmd.since()))) {
      return effect.noReply();
    }
    Wording wording = state.wording();
    String opening = cmd.reason().equals(NO_AGENT_ONLINE)
        ? nobodyOnline(state.botConfig().flatMap(pinned -> pinned.config().supportHours()), wording)
        : wording.text("handoff.nobody-in-time");
    String meanwhile = wording.text("handoff.meanwhile", Map.of("assistant", assistantName(state)));
    String ticket = cmd.ticketId()
        .map(id -> wording.text("handoff.ticket", Map.of("ticket", id,
            "response", wording.text("ticket.response." + cmd.priority()))))
        .orElseGet(() -> wording.text("handoff.no-ticket"));
    String text = opening + " " + ticket + " " + meanwhile;
    if (cmd.ticketId().isPresent()) services.metrics().unstaffedTicket();
    return backToBot(state, cmd.reason(), text).thenRun(nextTurn::startIfDue).thenNoReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onTakeOver(Open state, TakeOver cmd) {
    Handoff before = state.handoff();
    if (before.heldBy(cmd.agentId())) return replyInfo(state, cmd.replyTo());
    Optional<String> refusal = before.refusalToTake(cmd.agentId());
    if (refusal.isPresent()) return refuse(cmd.replyTo(), ErrorCode.CONFLICT, refusal.get());
    if (cmd.agentName().isBlank()) return refuse(cmd.replyTo(), ErrorCode.BAD_REQUEST, "the agent needs a name to show");
    Instant at = scope.now();
    long seq = state.transcript().nextSeq();
    return effect
        .persist(List.of(new AgentJoined(cmd.agentId(), cmd.agentName(), at),
            new NoticeAppended(seq, "agent-joined-" + seq,
                state.wording().text("handoff.agent-joined", Map.of("agent", cmd.agentName())), at)))
        .thenRun(after -> {
          turn.stop();
          waiters.refuseAll("an agent took the conversation over");
          if (before.status() == HandoffStatus.WAITING_FOR_AGENT) {
            agentQueue.pickedUp();
            before.since().ifPresent(since -> services.metrics().agentTookOver(seconds(since, at)));
          } else {
            services.metrics().handoff(scope.id().tenant(), HandoffTrigger.AGENT_PICKED_UP.wireName());
          }
          subscribers.publish(new SessionUpdate.HandoffChanged(((Open) after).handoff()));
          subscribers.publishMessage(after, seq);
          idleClock.reset((Open) after);
          scope.log(Level.INFO).addKeyValue("agentId", cmd.agentId()).log("an agent took the conversation over");
          handoffs.takenOver((Open) after, cmd.agentPhone());
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(after.info(scope.id())));
  }

  public ReplyEffect<SessionEvent, SessionState> onAgentMessage(Open state, PostAgentMessage cmd) {
    Optional<ReplyEffect<SessionEvent, SessionState>> again =
        repeats.ackAgain(state, SessionState.agentKey(cmd.clientMsgId()), cmd.replyTo());
    if (again.isPresent()) return again.get();
    Optional<String> refusal = state.handoff().refusalToAct(cmd.agentId());
    if (refusal.isPresent()) return refuse(cmd.replyTo(), ErrorCode.CONFLICT, refusal.get());
    if (cmd.clientMsgId().isBlank() || cmd.text().isBlank()) {
      return refuse(cmd.replyTo(), ErrorCode.BAD_REQUEST, "clientMsgId and text must not be empty");
    }
    Optional<Refusal> unknown = SessionFiles.unknown(state, cmd.attachments());
    if (unknown.isPresent()) return effect.reply(cmd.replyTo(), StatusReply.error(unknown.get()));
    long seq = state.transcript().nextSeq();
    String name = state.handoff().agentName().orElse(cmd.agentId());
    return effect
        .persist(new AgentMessageAppended(seq, cmd.clientMsgId(), cmd.agentId(), name, cmd.text(), scope.now(),
            cmd.translation(), cmd.attachments()))
        .thenRun(after -> {
          services.metrics().messagePersisted(scope.id().tenant(), Role.AGENT.wireName());
          subscribers.publishMessage(after, seq);
          idleClock.reset((Open) after);
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new Accepted(seq, "agent-" + seq, false)));
  }

  public ReplyEffect<SessionEvent, SessionState> onHandBack(Open state, HandBack cmd) {
    if (state.handoff().botAnswers()) return replyInfo(state, cmd.replyTo());
    Optional<String> refusal = state.handoff().refusalToAct(cmd.agentId());
    if (refusal.isPresent()) return refuse(cmd.replyTo(), ErrorCode.CONFLICT, refusal.get());
    Wording wording = state.wording();
    String name = state.handoff().agentName().orElseGet(() -> wording.text("handoff.unnamed-agent"));
    state.handoff().since().ifPresent(since -> services.metrics().agentHandedBack(seconds(since, scope.now())));
    return backToBot(state, SessionState.HANDED_BACK,
        wording.text("handoff.handed-back", Map.of("agent", name, "assistant", assistantName(state))))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(after.info(scope.id())));
  }

  /** A reply the holding agent could send: asked of the model by a child, answered to the agent alone. */
  public ReplyEffect<SessionEvent, SessionState> onSuggestReply(Open state, SuggestReply cmd) {
    Optional<String> refusal = state.handoff().refusalToAct(cmd.agentId());
    if (refusal.isPresent()) return refuse(cmd.replyTo(), ErrorCode.CONFLICT, refusal.get());
    if (services.answering().llm().isEmpty()) {
      return refuse(cmd.replyTo(), ErrorCode.UNAVAILABLE, "no model is configured on this node to suggest replies");
    }
    Placeholders numbered = placeholders.of(state.transcript(), state.botConfig());
    scope.spawnHelper(ReplySuggester.create(services.answering().llm().get(), state.transcript().messages(),
        state.handoff().agentName().orElse(cmd.agentId()),
        state.botConfig().map(PinnedBotConfig::config).orElse(BotConfig.empty()), numbered,
        new TurnPatterns(services.logic(), scope.id(), "reply suggestion", numbered, services.metrics()), cmd.replyTo(),
        SessionCommand.Suggestion::new, services.answering()));
    return effect.noReply();
  }

  /** Typing indicators, both ways: the customer's to the agent's console, the holding agent's to the customer. */
  public ReplyEffect<SessionEvent, SessionState> onComposing(Open state, Composing cmd) {
    if (cmd.role() == Role.USER) {
      subscribers.publish(new SessionUpdate.Composing(Role.USER, Optional.empty()));
    } else if (cmd.role() == Role.AGENT && cmd.agentId().filter(state.handoff()::heldBy).isPresent()) {
      subscribers.publish(new SessionUpdate.Composing(Role.AGENT, state.handoff().agentName()));
    }
    return effect.noReply();
  }

  private EffectBuilder<SessionEvent, SessionState> backToBot(Open state, String reason, String notice) {
    Instant at = scope.now();
    long seq = state.transcript().nextSeq();
    boolean waited = state.handoff().status() == HandoffStatus.WAITING_FOR_AGENT;
    Optional<String> holder = state.handoff().agentId().filter(agent -> state.handoff().heldBy(agent));
    return effect
        .persist(List.of(new ReturnedToBot(reason, at), new NoticeAppended(seq, reason + "-" + seq, notice, at)))
        .thenRun(after -> {
          if (waited) {
            agentQueue.leave();
            services.metrics().unstaffedHandoff(reason);
          }
          holder.ifPresent(agentQueue::release);
          subscribers.publish(new SessionUpdate.HandoffChanged(((Open) after).handoff()));
          subscribers.publishMessage(after, seq);
          scope.log(Level.INFO).log("the bot answers again: {}", reason);
        });
  }

  /**
   * Why nobody can join, as true as the tenant's support hours let it be: outside them, when the
   * team is back; within them, that nobody is online although they are; without them, only that
   * nobody is online.
   */
  private String nobodyOnline(Optional<SupportHours> hours, Wording wording) {
    Instant now = scope.now();
    if (hours.isEmpty()) return wording.text("handoff.nobody-online");
    if (hours.get().staffedAt(now)) return wording.text("handoff.nobody-online-in-hours");
    return wording.text("handoff.after-hours", Map.of("back", wording.teamBack(hours.get(), now)));
  }

  /** The name the customer knows the bot by: the tenant's in the conversation's language, else the tenant's, else the node's. */
  private String assistantName(Open state) {
    Optional<LanguageTag> language = state.notes().language().map(ConversationLanguage::tag);
    return state.botConfig().flatMap(pinned -> pinned.config().assistantName(language))
        .orElse(services.settings().assistantName());
  }

  private ReplyEffect<SessionEvent, SessionState> replyInfo(Open state,
      ActorRef<StatusReply<SessionInfo>> replyTo) {
    return effect.reply(replyTo, StatusReply.success(state.info(scope.id())));
  }

  private <T> ReplyEffect<SessionEvent, SessionState> refuse(ActorRef<StatusReply<T>> replyTo,
      ErrorCode code, String message) {
    return effect.reply(replyTo, StatusReply.error(Refusal.of(code, message)));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
