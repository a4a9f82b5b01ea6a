package io.parley.tools.tickets;

import java.util.Objects;

/** Which tickets a list holds by whom they are assigned to. */
public sealed interface AssigneeFilter {
  /** Assigned to anyone or nobody: no filter. */
  record Anyone() implements AssigneeFilter {}

  /** Assigned to nobody yet: the ones waiting for someone to take them. */
  record Nobody() implements AssigneeFilter {}

  /** Assigned to this staff member (their agent id). */
  record Person(String agentId) implements AssigneeFilter {
    public Person {
      Objects.requireNonNull(agentId, "agentId");
    }
  }
}
