package io.parley.sessions.procedure;

import io.parley.core.compute.CpuWork;
import io.parley.core.compute.LogicBudget;
import io.parley.core.privacy.PatternDeadline;
import io.parley.core.privacy.TenantPattern;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where a session's tenant-written logic runs: its procedure's steps (their checks, their texts
 * filled, an asked value validated against its schema) and its own redaction patterns over a turn's
 * prompt. {@code pool}, threads {@code parley-logic-N} of their own, each evaluation within
 * {@code budget}, its time read on {@code nanoTime}. Not the node's {@code parley-cpu} pool: a
 * customer waits on each step, and an evaluation's hundreds of cases or a document's embedding
 * would queue ahead of it; here each task ends within its budget's time, and tenants take turns, so
 * one tenant's steps delay another's by at most one budget per thread.
 */
public record TenantLogic(CpuWork pool, LogicBudget budget, LongSupplier nanoTime) {
  public TenantLogic(CpuWork pool, LogicBudget budget) {
    this(pool, budget, System::nanoTime);
  }

  /** A pool of {@code budget.threads()} threads, closed with the node. */
  public static TenantLogic start(LogicBudget budget) {
    return new TenantLogic(CpuWork.start("parley-logic", budget.threads()), budget);
  }

  /** The budget's time from now, for the tenant's patterns of one task; each one skipped after it goes to {@code skipped}. */
  public PatternDeadline patternDeadline(Consumer<TenantPattern> skipped) {
    return PatternDeadline.after(budget.timeLimit(), nanoTime, skipped);
  }
}
