package io.parley.sessions.turn;

import io.parley.core.bot.BotConfig;
import io.parley.core.cache.AnswerCache;
import io.parley.core.cache.CacheLimits;
import io.parley.core.cache.CachePolicy;
import io.parley.core.cache.CacheScope;
import io.parley.core.cache.Lookup;
import io.parley.core.citation.CitationCheck;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.ToolSpec;
import io.parley.core.session.PageContext;
import io.parley.sessions.SessionMetrics;
import io.parley.tools.kb.KbSearchTool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A turn's side of the tenant's answer cache (docs/answer-cache.md): whether the turn may use it,
 * the lookup off the actor's thread, and keeping the model's answer afterwards, each counted in
 * the metrics. A cache that fails is a miss: the model, or the offline responder, still answers.
 */
final class TurnCache {
  private static final Logger LOG = LoggerFactory.getLogger(TurnCache.class);
  // The knowledge base is the same for every customer of a tenant; tickets and remote tools are not.
  private static final CachePolicy POLICY = new CachePolicy(Set.of(KbSearchTool.NAME));

  private final AnswerCache cache;
  private final SessionMetrics metrics;
  private final Executor blocking;
  private final Clock clock;
  private final String tenant;
  private final BotConfig bot;
  // Built where it is first used (the tenant-logic pool): it compiles the tenant's patterns.
  private CachePolicy policy;

  /** The cache of {@code tenant} as its {@code bot} configuration (the session's pinned version) allows. */
  TurnCache(AnswerCache cache, SessionMetrics metrics, Executor blocking, Clock clock, String tenant, BotConfig bot) {
    this.cache = cache;
    this.metrics = metrics;
    this.blocking = blocking;
    this.clock = clock;
    this.tenant = tenant;
    this.bot = bot;
  }

  /**
   * The node's policy with the tenant's patterns. Each use is on the pool, one after another: the
   * runner's messages order them.
   */
  private CachePolicy policy() {
    if (policy == null) policy = POLICY.withTenantPatterns(bot.redaction().patterns());
    return policy;
  }

  /**
   * The scope of {@code request}'s answers: its system prompt, {@code model}, the {@code tools}
   * offered, the session's configuration version and the customer's language. It leaves the memory
   * sections and the rest of the page context out: a turn with them takes no cached answer but a
   * degraded one, and keeps none.
   */
  static CacheScope scope(TurnRequest request, String systemPrompt, String model, List<ToolSpec> tools) {
    return CacheScope.ofTurn(request.sessionId().tenant(), systemPrompt, model, tools.stream().map(ToolSpec::name).toList(),
        request.pinnedBot(),
        request.language().map(LanguageTag::tag).or(() -> request.page().flatMap(PageContext::language)));
  }

  /** Whether {@code turn} may take a cached answer; a turn that may not is counted with the reason. */
  boolean mayLookUp(CachePolicy.Turn turn) {
    if (!bot.answerCacheOn()) {
      metrics.answerCacheSkipped(tenant, "turned_off");
      return false;
    }
    Optional<CachePolicy.Skip> skip = policy().lookUp(turn);
    skip.ifPresent(reason -> metrics.answerCacheSkipped(tenant, reason.label()));
    return skip.isEmpty();
  }

  /** Whether a turn no model answered may take a similar question's answer: not with personal data in it. */
  boolean mayLookUpDegraded(String question) {
    return bot.answerCacheOn() && policy().degradedLookUp(question).isEmpty();
  }

  CompletionStage<Lookup> find(CacheScope scope, String question, boolean degraded) {
    return CompletableFuture.supplyAsync(() -> {
      Instant started = clock.instant();
      Lookup lookup;
      try {
        lookup = cache.find(scope, question);
      } catch (RuntimeException e) {
        LOG.warn("answer cache lookup failed; the turn goes on without it: {}", e.toString());
        metrics.answerCacheLookup(tenant, "error", degraded, 0);
        return new Lookup.Off();
      }
      double seconds = Duration.between(started, clock.instant()).toNanos() / 1e9;
      if (lookup instanceof Lookup.Hit hit) {
        metrics.answerCacheLookup(tenant, hit.exact() ? "exact" : "similar", degraded, seconds);
        metrics.answerCacheTokensSaved(tenant, hit.tokensSaved());
      } else {
        metrics.answerCacheLookup(tenant, lookup instanceof Lookup.Miss ? "miss" : "off", degraded, seconds);
      }
      return lookup;
    }, blocking);
  }

  /**
   * Keeps the model's {@code answer} to the question {@code lookup} missed, if the policy allows:
   * in the background, since the customer already has it. Its citation numbers are left out: the
   * cache keeps no passages for them to name.
   */
  void keep(Lookup lookup, String cited, Collection<String> toolsCalled, int tokensSpent, TurnPatterns patterns) {
    if (!(lookup instanceof Lookup.Miss miss)) return;
    String answer = CitationCheck.check(cited, Map.of()).text();
    CacheLimits limits = new CacheLimits(bot.answerCacheTtl(), bot.answerCacheMaxEntries());
    // The answer is checked for personal data (the tenant's patterns among it) on the pool.
    patterns.run(() -> policy().store(answer, toolsCalled)).thenCompose(skip -> skip.isPresent()
        ? CompletableFuture.completedFuture(skip.get().label())
        : CompletableFuture.runAsync(() -> cache.store(miss, answer, tokensSpent, limits), blocking).thenApply(done -> "stored"))
        .whenComplete((kept, error) -> {
          if (error != null) LOG.warn("could not keep an answer in the answer cache: {}", error.toString());
          metrics.answerCacheKept(tenant, error == null ? kept : "failed");
        });
  }
}
