package io.parley.sessions.procedure;

import io.parley.core.compute.CpuWork;
import io.parley.core.compute.LogicBudget;

/**
 * Where a session's procedure decides its steps (its checks, its texts filled, an asked value
 * validated against its schema): {@code pool}, threads {@code parley-logic-N} of their own, each
 * evaluation within {@code budget}. Not the node's {@code parley-cpu} pool: a customer waits on each
 * step, and an evaluation's hundreds of cases or a document's embedding would queue ahead of it;
 * here each task ends within its budget's time, and tenants take turns, so one tenant's steps delay
 * another's by at most one budget per thread.
 */
public record TenantLogic(CpuWork pool, LogicBudget budget) {
  /** A pool of {@code budget.threads()} threads, closed with the node. */
  public static TenantLogic start(LogicBudget budget) {
    return new TenantLogic(CpuWork.start("parley-logic", budget.threads()), budget);
  }
}
