package io.parley.sessions.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.compute.CpuWork;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.persistence.evaluation.JdbcEvaluations;
import io.parley.persistence.evaluation.StoredRun;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.TenantBotConfig;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's evaluation runs (docs/evaluations.md#runs). A run tests one configuration (the
 * draft, the live version, or a published version by number): each case runs as its own session
 * ({@link CaseEvaluation}), a few of a tenant's at once on this node ({@code cases-at-once}), each on
 * a virtual thread of its own. The run's document is written after every case, so its progress can
 * be read from any node; a case whose model failed is an {@code error}, and the run goes on to its
 * end. The threads wait (on sessions, the judge, the store); what computes runs on {@code cpu}. Runs this node leaves behind when it stops, or that a silent node left, are marked
 * {@code interrupted}, never left running.
 */
public final class EvaluationRuns {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRuns.class);
  /** The most archived conversations one run replays. */
  static final int MAX_REPLAY = 50;

  private final JdbcEvaluations store;
  private final EvaluationCases cases;
  private final CaseEvaluation evaluation;
  private final ConversationReplay replay;
  private final ArchivedConversations archive;
  private final EvaluationSpend spend;
  private final BotConfigs.Sharded configs;
  private final EvaluationSettings settings;
  private final CpuWork cpu;
  private final ObjectMapper json;
  private final Clock clock;
  private final String node;
  private final Duration askTimeout;
  private final ConcurrentHashMap<String, Semaphore> lanes = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  EvaluationRuns(JdbcEvaluations store, EvaluationCases cases, CaseEvaluation evaluation, ConversationReplay replay,
      ArchivedConversations archive, EvaluationSpend spend, BotConfigs.Sharded configs, EvaluationSettings settings,
      CpuWork cpu, ObjectMapper json, Clock clock, String node, Duration askTimeout) {
    this.store = store;
    this.cases = cases;
    this.evaluation = evaluation;
    this.replay = replay;
    this.archive = archive;
    this.spend = spend;
    this.configs = configs;
    this.settings = settings;
    this.cpu = cpu;
    this.json = json;
    this.clock = clock;
    this.node = node;
    this.askTimeout = askTimeout;
  }

  /**
   * Starts a run of {@code body} ({@code {"config": "draft"|"live"|N, "cases": [ids], "replay": N}})
   * and answers it as started; refused as {@code bad_request} or, for a configuration or case the
   * tenant does not have, {@code not_found}. Blocking.
   */
  public RunReport start(String tenant, JsonNode body) {
    ConfigUnderTest config = resolve(tenant, body.get("config"));
    int replay = replayCount(body.get("replay"));
    Optional<List<String>> ids = caseIds(body.get("cases"), replay > 0);
    List<EvaluationCases.RunnableCase> chosen = cases.runnable(tenant, ids);
    List<ArchivedConversations.Archived> archived = replay > 0 ? archive.latest(tenant, replay) : List.of();
    if (replay > 0 && archived.isEmpty()) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "replay: the tenant has no archived customer conversation to replay");
    }
    if (chosen.isEmpty() && archived.isEmpty()) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "cases: the tenant has no cases to run: add some with POST /v1/evaluations/cases");
    }
    String runId = UUID.randomUUID().toString();
    RunReport started = RunReport.started(runId, config, clock.instant(), chosen.size(), archived.size());
    store.startRun(new StoredRun(tenant, runId, config.draft(), config.version(), StoredRun.RUNNING, node,
        started.startedAt(), Optional.empty(), EvaluationCases.text(json, started)));
    Thread.ofVirtual().name("evaluation-run-" + runId).start(() -> run(tenant, started, chosen, archived));
    return started;
  }

  /** The run as its document says, with the status its row has (a run may have been marked interrupted). */
  public Optional<RunReport> find(String tenant, String runId) {
    return store.run(tenant, runId).map(this::report);
  }

  /** The latest finished run of the draft numbered {@code version}, or of that published version. */
  public Optional<RunReport> latestFinished(String tenant, boolean draft, int version) {
    return store.latestRun(tenant, draft, version, true).map(this::report);
  }

  /** This node is stopping: its runs are marked interrupted now, and a case that ends after it no longer counts. */
  public void stop() {
    stopping = true;
    int interrupted = store.interruptRunsOf(node, clock.instant());
    if (interrupted > 0) LOG.info("{} evaluation runs of this node marked interrupted as it stops", interrupted);
  }

  /** Says this node's runs are alive, and marks interrupted those of nodes gone silent. */
  public void heartbeat() {
    Instant now = clock.instant();
    store.heartbeat(node, now);
    int silent = store.interruptSilentRuns(now.minus(settings.heartbeat().multipliedBy(3)), now);
    if (silent > 0) LOG.info("{} evaluation runs of silent nodes marked interrupted", silent);
  }

  /** At start: the runs this node (its address) left running were cut short, as were those of silent nodes. */
  void interruptLeftBehind() {
    int left = store.interruptRunsOf(node, clock.instant());
    if (left > 0) LOG.info("{} evaluation runs left running by this node's last start marked interrupted", left);
    heartbeat();
  }

  private void run(String tenant, RunReport started, List<EvaluationCases.RunnableCase> chosen,
      List<ArchivedConversations.Archived> archived) {
    Semaphore lane = lanes.computeIfAbsent(tenant, t -> new Semaphore(settings.casesAtOnce()));
    CaseResult[] results = new CaseResult[chosen.size()];
    ReplayResult[] replays = new ReplayResult[archived.size()];
    AtomicReference<RunReport> report = new AtomicReference<>(started);
    Runnable progress = () -> {
      synchronized (report) {
        report.set(report.get().with(Arrays.stream(results).filter(Objects::nonNull).toList(),
            Arrays.stream(replays).filter(Objects::nonNull).toList()));
        if (!stopping) store.updateRun(tenant, started.runId(), StoredRun.RUNNING, Optional.empty(),
            cpu.run(tenant, () -> EvaluationCases.text(json, report.get())));
      }
    };
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      int index = i;
      EvaluationCases.RunnableCase one = chosen.get(i);
      threads.add(Thread.ofVirtual().name("evaluation-case-" + one.caseId()).start(() -> {
        CaseResult result = inLane(lane, () -> evaluation.run(tenant, started.config(), one.caseId(), one.evaluationCase()));
        spend.evaluationUsed(tenant, started.runId() + "/" + one.caseId(), result.evaluationTokens());
        results[index] = result;
        progress.run();
      }));
    }
    for (int i = 0; i < archived.size(); i++) {
      int index = i;
      ArchivedConversations.Archived one = archived.get(i);
      threads.add(Thread.ofVirtual().name("evaluation-replay-" + one.sessionId()).start(() -> {
        ReplayResult result = inLane(lane, () -> replay.run(tenant, started.config(), one));
        spend.evaluationUsed(tenant, started.runId() + "/replay/" + one.sessionId(), result.evaluationTokens());
        replays[index] = result;
        progress.run();
      }));
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (stopping) return;
    Instant at = clock.instant();
    Optional<RunReport> live = liveRun(tenant);
    RunReport finished = report.get().finished(at, live);
    store.updateRun(tenant, started.runId(), StoredRun.FINISHED, Optional.of(at), EvaluationCases.text(json, finished));
    LOG.info("evaluation run {} of tenant {} finished: {} passed, {} failed, {} errors; replays {} better, {} as good, {} worse, {} errors",
        started.runId(), tenant, finished.counts().pass(), finished.counts().fail(), finished.counts().error(),
        finished.replayCounts().better(), finished.replayCounts().asGood(), finished.replayCounts().worse(),
        finished.replayCounts().error());
  }

  private static <T> T inLane(Semaphore lane, Supplier<T> work) {
    lane.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      lane.release();
    }
  }

  /** The latest finished run of the version live now, to compare with. */
  private Optional<RunReport> liveRun(String tenant) {
    try {
      int live = configs.of(tenant).ask(TenantBotConfig.GetCurrent::new, askTimeout).toCompletableFuture().join()
          .version().map(TenantBotConfig.Version::version).orElse(0);
      return latestFinished(tenant, false, live);
    } catch (RuntimeException e) {
      LOG.warn("the live version of tenant {} did not answer; the run is not compared with it: {}", tenant, e.toString());
      return Optional.empty();
    }
  }

  private ConfigUnderTest resolve(String tenant, JsonNode config) {
    var entity = configs.of(tenant);
    if (config != null && config.isTextual() && config.asText().equals("draft")) {
      return entity.ask(TenantBotConfig.GetDraft::new, askTimeout).toCompletableFuture().join().draft()
          .map(draft -> new ConfigUnderTest("draft", true, draft.number()))
          .orElseThrow(() -> Refusal.of(ErrorCode.NOT_FOUND, "config: the tenant has no draft: save one with PUT /v1/config/draft"));
    }
    if (config == null || config.isNull() || (config.isTextual() && config.asText().equals("live"))) {
      return new ConfigUnderTest("live", false, entity.ask(TenantBotConfig.GetCurrent::new, askTimeout)
          .toCompletableFuture().join().version().map(TenantBotConfig.Version::version).orElse(0));
    }
    if (!config.isIntegralNumber() || !config.canConvertToInt() || config.asInt() < 1) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "config: \"draft\", \"live\" or a published version's number");
    }
    int version = config.asInt();
    boolean exists = entity.ask(TenantBotConfig.GetVersions::new, askTimeout).toCompletableFuture().join().versions()
        .stream().anyMatch(v -> v.version() == version);
    if (!exists) throw Refusal.of(ErrorCode.NOT_FOUND, "config: the tenant has no version " + version);
    return new ConfigUnderTest(String.valueOf(version), false, version);
  }

  /** The case ids asked for; none asked for is every case. With a replay, an empty list runs the replay alone. */
  private static Optional<List<String>> caseIds(JsonNode value, boolean replaying) {
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isArray() || (value.isEmpty() && !replaying)) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "cases: a list of case ids, or leave it out to run all");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) throw Refusal.of(ErrorCode.BAD_REQUEST, "cases[" + i + "]: a case id");
      if (!ids.contains(value.get(i).asText())) ids.add(value.get(i).asText());
    }
    return Optional.of(ids);
  }

  /** How many archived conversations to replay: 0 when not asked. */
  private static int replayCount(JsonNode value) {
    if (value == null || value.isNull()) return 0;
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > MAX_REPLAY) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "replay: a whole number from 1 to " + MAX_REPLAY
          + ", the latest archived conversations to play again");
    }
    return value.asInt();
  }

  private RunReport report(StoredRun row) {
    try {
      RunReport stored = json.readValue(row.document(), RunReport.class);
      return stored.status().equals(row.status()) ? stored : stored.withStatus(row.status(), row.finishedAt());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a stored run is the document this node wrote", e);
    }
  }
}
