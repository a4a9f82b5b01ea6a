package io.parley.sessions.entity;

import io.parley.core.handoff.HandoffStatus;
import io.parley.core.lead.LeadScore;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionServices;
import io.parley.sessions.entity.InternalCommand.IdleCheck;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.approval.ApprovalAsks;
import io.parley.sessions.entity.approval.ApprovalCommands;
import io.parley.sessions.entity.attachment.AttachmentCommands;
import io.parley.sessions.entity.contact.ContactCommands;
import io.parley.sessions.entity.handoff.AgentQueueLink;
import io.parley.sessions.entity.handoff.HandoffCommands;
import io.parley.sessions.entity.handoff.HandoffRouting;
import io.parley.sessions.entity.phase.CloseCommands;
import io.parley.sessions.entity.phase.CloseCompletion;
import io.parley.sessions.entity.phase.ClosedCommands;
import io.parley.sessions.entity.phase.CustomerFeedbackCommands;
import io.parley.sessions.entity.phase.ErasedCommands;
import io.parley.sessions.entity.phase.HostLink;
import io.parley.sessions.entity.phase.IdleClock;
import io.parley.sessions.entity.phase.LateCommands;
import io.parley.sessions.entity.phase.NotStartedCommands;
import io.parley.sessions.entity.phase.OpenCommands;
import io.parley.sessions.entity.phase.RepeatedMessages;
import io.parley.sessions.entity.phase.RestCommands;
import io.parley.sessions.entity.phase.StartedCommands;
import io.parley.sessions.entity.phase.StartingAsks;
import io.parley.sessions.entity.procedure.ProcedureApprovals;
import io.parley.sessions.entity.procedure.ProcedureCommands;
import io.parley.sessions.entity.procedure.ProcedureDecisions;
import io.parley.sessions.entity.procedure.ProcedureModel;
import io.parley.sessions.entity.procedure.ProcedureTools;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.MessageGate;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.entity.turns.SummaryRuns;
import io.parley.sessions.entity.turns.TenantUsage;
import io.parley.sessions.entity.turns.TranscriptPlaceholders;
import io.parley.sessions.entity.turns.TranslationCommands;
import io.parley.sessions.entity.turns.TurnCommands;
import io.parley.sessions.entity.turns.TurnSlot;
import io.parley.sessions.entity.voice.CallAudioCommands;
import io.parley.sessions.entity.voice.KeypadCommands;
import io.parley.sessions.entity.voice.TransferCommands;
import io.parley.sessions.host.SessionRest;
import io.parley.sessions.turn.Translator;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * What one incarnation of a session answers with: its handlers, one per part of the protocol
 * ({@link SessionProtocol} routes each command to one of them), and what it keeps in memory only,
 * never in the journal (who follows, who waits for which answer, the turn running now, the gate for
 * new messages, the agent queue's place, the idle close), each part given to the handlers that use
 * it and never a handler to another. A restart loses all of it by design: followers subscribe again,
 * and the persisted queue of unanswered messages starts the turns again.
 */
record SessionHandlers(SessionEffects effects, NotStartedCommands notStarted, StartedCommands started,
    OpenCommands open, CloseCommands close, TurnCommands turns, ApprovalCommands approvals,
    ProcedureCommands procedures, HandoffCommands handoffs, TranslationCommands translations,
    TransferCommands transfers, CallAudioCommands callAudio, KeypadCommands keypad, ClosedCommands closed,
    CustomerFeedbackCommands feedback, ContactCommands contacts, AttachmentCommands attachments,
    ErasedCommands erased, RestCommands rest, LateCommands late, Recovery recovery) {

  /** What a recovered session sets going again, and what its stop ends. */
  record Recovery(SessionId id, SessionServices services, IdleClock idleClock, ApprovalAsks asks,
      AgentQueueLink agentQueue, NextTurn nextTurn, CloseCompletion closeCompletion, ProcedureModel procedureModel,
      HostLink hostLink) {
    void recovered(SessionState state) {
      if (state instanceof Open recovered) {
        idleClock.opened(recovered);
        asks.recovered(recovered);
        nextTurn.startIfDue(state);
        // A crash may have come between the request and the queue hearing of it: it hears again.
        if (recovered.handoff().status() == HandoffStatus.WAITING_FOR_AGENT) agentQueue.join(recovered);
        // Likewise between a lead qualifying and the tenant hearing of it: asking again is harmless.
        recovered.notes().lead().filter(LeadScore::qualified).ifPresent(lead -> services.leads().qualified(id, lead));
      }
      if (state instanceof Closed recovered) closeCompletion.maybeStart(recovered);
    }

    /** A failed replay is its host's to count (docs/operations.md#failed-safe-sessions). */
    void failed(Throwable failure) {
      hostLink.tellHost(new SessionRest.RecoveryFailed(hostLink.self(), failure));
    }

    void stopped() {
      idleClock.stopped();
      procedureModel.stopped();
    }
  }

  static SessionHandlers wire(ActorContext<SessionInput> context, TimerScheduler<SessionInput> timers, SessionId id,
      ActorRef<ClusterSharding.ShardCommand> shard, SessionServices services, SessionSeal seal,
      Optional<SessionRest.Host> host, EffectFactories<SessionEvent, SessionState> factories) {
    var scope = new SessionScope(context, id, services.clock());
    var effect = new SessionEffects(factories, scope::members);
    var hostLink = new HostLink(context, shard, host);
    var subscribers = new Subscribers(context, id.wireId(), host.map(SessionRest.Host::followers).orElse(Set.of()));
    var placeholders = new TranscriptPlaceholders(services.settings().redactPrompts());
    var summaries = new SummaryRuns(context, id, services, placeholders);
    var gate = new MessageGate(context, id.tenant(), services);
    var turn = new TurnSlot(context, timers, services.answering(), services.logic());
    var waiters = new AnswerWaiters();
    var usage = new TenantUsage(context, id, services);
    var repeats = new RepeatedMessages(effect);
    var idleClock = new IdleClock(timers, services.settings().idleClose(), services.clock(), services.metrics());
    var agentQueue = new AgentQueueLink(context, timers, scope, services.settings().agentWaitLimit(),
        services.unstaffedTickets());
    var closeCompletion = new CloseCompletion(context, id, services);
    var nextTurn = new NextTurn(scope, turn, subscribers, placeholders);
    var handoffRouting = new HandoffRouting(scope, services.metrics(), turn, waiters, subscribers, agentQueue,
        services.settings().phoneTransferTarget());
    var spent = context.messageAdapter(Translator.Spent.class, InternalCommand.TranslationSpent::new);
    var procedureModel = new ProcedureModel(context, services.answering(), placeholders, spent, services.logic(),
        id.tenant());
    var asks = new ApprovalAsks(effect, scope, timers, subscribers, agentQueue);
    var procedureTools = new ProcedureTools(context, services.answering());
    context.setReceiveTimeout(services.settings().passivateAfterIdle(), new IdleCheck());
    return new SessionHandlers(effect,
        new NotStartedCommands(effect, scope, seal, new StartingAsks(context, scope, seal, services.botConfigs()),
            idleClock, hostLink),
        new StartedCommands(effect, scope, subscribers, waiters, turn, hostLink),
        new OpenCommands(effect, scope, services, gate, repeats, subscribers, idleClock, summaries, usage, turn,
            handoffRouting, nextTurn),
        new CloseCommands(effect, scope, services.metrics(), subscribers, idleClock, turn, waiters, agentQueue,
            closeCompletion),
        new TurnCommands(effect, scope, services, turn, subscribers, waiters, nextTurn, handoffRouting, usage, summaries),
        new ApprovalCommands(effect, scope, asks, turn, subscribers, nextTurn, agentQueue),
        new ProcedureCommands(effect, scope, services.metrics(), procedureTools, procedureModel, subscribers, waiters,
            nextTurn, handoffRouting, new ProcedureApprovals(effect, scope, procedureTools, asks),
            new ProcedureDecisions(context, services.logic())),
        new HandoffCommands(effect, scope, services, repeats, subscribers, idleClock, turn, waiters, agentQueue,
            placeholders, nextTurn, handoffRouting),
        new TranslationCommands(effect, scope, services, placeholders, usage, spent),
        new TransferCommands(effect, scope, subscribers, agentQueue),
        new CallAudioCommands(effect, scope),
        new KeypadCommands(effect, scope, subscribers, idleClock, nextTurn),
        new ClosedCommands(effect, scope, repeats, closeCompletion),
        new CustomerFeedbackCommands(effect, scope, subscribers, closeCompletion, services.settings().ratingWindow(),
            services.metrics()),
        new ContactCommands(effect, scope, services, subscribers, idleClock, closeCompletion),
        new AttachmentCommands(effect, scope),
        new ErasedCommands(effect, hostLink),
        new RestCommands(effect, scope, hostLink, idleClock, subscribers, waiters, turn, summaries, gate, usage),
        new LateCommands(effect),
        new Recovery(id, services, idleClock, asks, agentQueue, nextTurn, closeCompletion, procedureModel,
            hostLink));
  }
}
