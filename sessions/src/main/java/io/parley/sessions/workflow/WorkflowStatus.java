package io.parley.sessions.workflow;

import io.parley.core.CborSerializable;

/** A workflow's state as a reply: its id and tenant, and where each step is. */
public record WorkflowStatus(String tenant, String workflowId, WorkflowState.Started state) implements CborSerializable {}
