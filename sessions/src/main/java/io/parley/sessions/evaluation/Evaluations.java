package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.compute.CpuWork;
import io.parley.core.llm.LlmClient;
import io.parley.core.prompt.EvaluationPrompts;
import io.parley.core.prompt.QualityPrompts;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationScores;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.SessionCommand;
import io.parley.persistence.evaluation.JdbcEvaluations;
import io.parley.sessions.SessionServices;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.bot.BotConfigs;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.typed.Cluster;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A node's evaluations, assembled (docs/evaluations.md): the tenants' cases, their runs (with
 * replays of archived conversations, read from the conversations read model and {@code services}'
 * archive) and the publish gate; the evaluation's tokens go to the tenants' budgets of
 * {@code services}. At start the runs this node left running are marked interrupted; while it runs it
 * says its runs are alive every {@code heartbeat}, and marks those of silent nodes interrupted; as
 * it stops, it marks its own. Beside them, the judge scores closed conversations every
 * {@code PARLEY_QUALITY_POLL} (when the node scores), and a conversation that went badly becomes a
 * case ({@code conversationCases}). What they compute for a tenant runs on {@code cpu}.
 */
public record Evaluations(EvaluationCases cases, EvaluationRuns runs, PublishGate gate,
    ConversationCases conversationCases) {

  /**
   * {@code model}: the evaluation model the operator configured, else {@code bots}, the tenants'
   * bots' model; {@code redactPrompts}: whether the node redacts prompts (PARLEY_REDACT_PROMPTS).
   */
  public static Evaluations start(ActorSystem<?> system, DataSource database, ChatSessions sessions,
      SessionServices services, BotConfigs.Sharded configs, Optional<LlmClient> model, Optional<LlmClient> bots, boolean redactPrompts, EvaluationSettings settings,
      CpuWork cpu, ObjectMapper json, Duration askTimeout, Clock clock) {
    ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    JdbcEvaluations store = new JdbcEvaluations(database);
    EvaluationCases cases = new EvaluationCases(store, json, settings.maxCases(), clock);
    CaseConversation conversations = new CaseConversation(sessions, system, askTimeout, settings.answerTimeout());
    StructuredModel judge = new StructuredModel(model.or(() -> bots), model.isEmpty(), json, settings.answerTimeout());
    EvaluationPrompts prompts = EvaluationPrompts.create();
    CaseEvaluation evaluation = new CaseEvaluation(conversations, judge, prompts, redactPrompts, cpu, json, clock);
    ConversationReplay replay = new ConversationReplay(conversations, evaluation, judge, prompts, clock);
    ArchivedConversations archived = new ArchivedConversations(new JdbcConversations(database), services.archive());
    EvaluationSpend spend = new EvaluationSpend(system, services.budgets(), configs, services.metrics(), clock, askTimeout);
    Function<SessionId, CompletionStage<SessionView>> views =
        id -> sessions.entity(id).askWithStatus(SessionCommand.GetView::new, askTimeout);
    QualitySettings quality = QualitySettings.create(system.settings().config());
    if (quality.enabled()) {
      ConversationScoring scoring = new ConversationScoring(new ConversationScores(database), views, judge,
          QualityPrompts.create(), quality, spend, services.gaps(), cpu, askTimeout, clock);
      system.scheduler().scheduleAtFixedRate(quality.poll(), quality.poll(), scoring::round, blocking);
      system.getWhenTerminated().thenRun(scoring::stop);
    }
    String node = Cluster.get(system).selfMember().address().hostPort();
    EvaluationRuns runs = new EvaluationRuns(store, cases, evaluation, replay, archived, spend, configs, settings, cpu,
        json, clock, node, askTimeout);
    runs.interruptLeftBehind();
    system.scheduler().scheduleAtFixedRate(settings.heartbeat(), settings.heartbeat(), runs::heartbeat, blocking);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "evaluation-runs-interrupted",
        () -> CompletableFuture.supplyAsync(() -> {
          runs.stop();
          return Done.getInstance();
        }, blocking));
    return new Evaluations(cases, runs, new PublishGate(runs, cases, configs, askTimeout),
        new ConversationCases(new JdbcConversations(database), views, cases, json, askTimeout));
  }
}
