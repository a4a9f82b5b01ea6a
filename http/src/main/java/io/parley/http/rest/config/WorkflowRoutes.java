package io.parley.http.rest.config;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.parley.core.identity.Action;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.ClusterAsks;
import io.parley.sessions.workflow.SealedInput;
import io.parley.sessions.workflow.Workflow;
import io.parley.sessions.workflow.WorkflowState;
import io.parley.sessions.workflow.WorkflowStatus;
import io.parley.sessions.workflow.Workflows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /v1/workflows/{id}}: a durable workflow's status and each step's state, in the caller's tenant, for its agents and admins. */
public record WorkflowRoutes(Workflows workflows, ClusterAsks asks, Callers callers) {
  /** The public form of a workflow; translated from its persisted state. */
  static final String SEALED = "[sealed]";

  record WorkflowJson(String workflowId, String tenant, String definition, String status, Map<String, String> input,
      Instant startedAt, Instant updatedAt, List<StepJson> steps) {}

  record StepJson(String name, String status, int attempts, Optional<String> lastError, Optional<String> result) {}

  public Route route() {
    return path(PathMatchers.segment("v1").slash("workflows").slash(PathMatchers.segment()), workflowId ->
        get(() -> callers.caller(caller -> callers.audited(caller, Action.READ_WORKFLOWS, "workflow.read", () ->
            Workflow.isValidId(workflowId)
                ? completeWithFuture(status(caller.tenant(), workflowId))
                : complete(asks.errors().response(ErrorCode.BAD_REQUEST, Workflow.ID_FORM))))));
  }

  private CompletionStage<HttpResponse> status(String tenant, String workflowId) {
    return asks.answer(workflows.status(tenant, workflowId, asks.askTimeout()), this::ok,
        failure -> asks.errors().response(Refusals.of(failure, "the workflow")));
  }

  /**
   * The input (an escalation's reason is the customer's words) and the steps' results and errors
   * leave the node with placeholders for personal data, numbered across the whole answer; input
   * sealed with its session's key shows as {@value #SEALED}. The ticket the workflow made holds the
   * real text, for the agents who read it through its route.
   */
  private HttpResponse ok(WorkflowStatus status) {
    WorkflowState.Started state = status.state();
    Placeholders placeholders = Placeholders.numbering(List.of());
    Map<String, String> input = new LinkedHashMap<>();
    state.input().forEach((key, value) -> input.put(key, SealedInput.isSealed(value) ? SEALED : placeholders.redact(value)));
    WorkflowJson body = new WorkflowJson(status.workflowId(), status.tenant(), state.definition(), lower(state.phase()),
        input, state.startedAt(), state.updatedAt(), state.steps().stream()
            .map(s -> new StepJson(s.name(), lower(s.status()), s.attempts(), s.lastError().map(placeholders::redact),
                s.result().map(placeholders::redact))).toList());
    return asks.bodies().response(StatusCodes.OK, body);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
