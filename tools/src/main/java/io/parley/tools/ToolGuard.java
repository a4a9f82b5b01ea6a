package io.parley.tools;

/**
 * What runs each call of a tool on another system: its circuit breaker ({@code dependency} names
 * it; the sessions' {@code BreakerGuardedTool}), so that a system that is down fails fast.
 */
@FunctionalInterface
public interface ToolGuard {
  Tool guarded(Tool tool, String dependency);

  /** Calls go straight through (tests of the tools alone). */
  static ToolGuard none() {
    return (tool, dependency) -> tool;
  }
}
