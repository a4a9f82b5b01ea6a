package io.parley.http.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.session.ErrorCode;
import io.parley.sessions.Outcome;
import io.parley.sessions.workflow.Workflow;
import io.parley.sessions.workflow.WorkflowState;
import io.parley.sessions.workflow.WorkflowStatus;
import io.parley.sessions.workflow.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /v1/workflows/{id}}: a durable workflow's status and each step's state, in the request's tenant. */
public final class WorkflowRoutes extends AllDirectives {
  /** The public form of a workflow; translated from its persisted state. */
  record WorkflowJson(String workflowId, String tenant, String definition, String status, Map<String, String> input,
      Instant startedAt, Instant updatedAt, List<StepJson> steps) {}

  record StepJson(String name, String status, int attempts, Optional<String> lastError, Optional<String> result) {}

  private final Workflows workflows;
  private final ObjectMapper json;
  private final ApiError errors;
  private final TenantParameter tenants;
  private final Duration askTimeout;

  public WorkflowRoutes(Workflows workflows, ObjectMapper json, TenantParameter tenants, Duration askTimeout) {
    this.workflows = workflows;
    this.json = json;
    this.errors = new ApiError(json);
    this.tenants = tenants;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("workflows").slash(PathMatchers.segment()), workflowId ->
        get(() -> tenants.extract(tenant -> Workflow.isValidId(workflowId)
            ? completeWithFuture(status(tenant, workflowId))
            : complete(errors.response(ErrorCode.BAD_REQUEST, Workflow.ID_FORM)))));
  }

  private CompletionStage<HttpResponse> status(String tenant, String workflowId) {
    return workflows.status(tenant, workflowId, askTimeout)
        .thenApply(outcome -> outcome instanceof Outcome.Ok<WorkflowStatus> ok
            ? ok(ok.value())
            : errors.response(((Outcome.Refused<?>) outcome).code(), ((Outcome.Refused<?>) outcome).message()))
        .exceptionally(failure -> errors.response(ErrorCode.UNAVAILABLE, "the workflow did not answer in time; retry"));
  }

  private HttpResponse ok(WorkflowStatus status) {
    WorkflowState.Started state = status.state();
    WorkflowJson body = new WorkflowJson(status.workflowId(), status.tenant(), state.definition(), lower(state.phase()),
        state.input(), state.startedAt(), state.updatedAt(), state.steps().stream()
            .map(s -> new StepJson(s.name(), lower(s.status()), s.attempts(), s.lastError(), s.result())).toList());
    try {
      return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("workflow status could not be encoded", e);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
