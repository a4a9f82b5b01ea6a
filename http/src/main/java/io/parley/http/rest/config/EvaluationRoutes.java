package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.sessions.evaluation.EvaluationCases;
import io.parley.sessions.evaluation.Evaluations;
import io.parley.sessions.evaluation.RunReport;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The tenant's evaluations, for its admins (docs/evaluations.md): test cases
 * ({@code /v1/evaluations/cases}, with {@code export} and {@code import} as JSON), and runs of them
 * on a configuration ({@code POST /v1/evaluations/runs} answers 202 at once; {@code GET
 * /v1/evaluations/runs/{id}} shows its progress, then its results).
 */
public final class EvaluationRoutes extends StoreRoutes {
  public record CaseJson(String caseId, String name, JsonNode definition, Instant createdAt, Instant updatedAt) {
    public static CaseJson of(EvaluationCases.Saved saved) {
      return new CaseJson(saved.caseId(), saved.name(), saved.document(), saved.createdAt(), saved.updatedAt());
    }
  }

  record CasesJson(List<CaseJson> cases) {}

  private final Evaluations evaluations;

  public EvaluationRoutes(Evaluations evaluations, ObjectMapper json, Callers callers, Executor blocking) {
    super(callers, new StoreCalls(json, blocking));
    this.evaluations = evaluations;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("evaluations"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.CONFIGURE_BOT, () -> concat(
            pathPrefix("cases", () -> cases(caller)),
            pathPrefix("runs", () -> runs(caller))))));
  }

  private Route cases(Caller caller) {
    EvaluationCases cases = evaluations.cases();
    String tenant = caller.tenant();
    return concat(
        pathEnd(() -> concat(
            post(() -> callers.audit().recorded(caller, "evaluation.case.create", () -> calls.objectBody(body ->
                calls.call(() -> created(CaseJson.of(cases.create(tenant, body))))))),
            get(() -> calls.call(() -> calls.json(StatusCodes.OK,
                new CasesJson(cases.list(tenant).stream().map(CaseJson::of).toList())))))),
        path("export", () -> get(() -> calls.call(() -> calls.json(StatusCodes.OK, cases.export(tenant))))),
        path("import", () -> post(() -> callers.audit().recorded(caller, "evaluation.case.import", () ->
            calls.objectBody(body -> calls.call(() -> calls.json(StatusCodes.CREATED,
                new CasesJson(cases.importAll(tenant, body).stream().map(CaseJson::of).toList()))))))),
        path(PathMatchers.segment(), id -> concat(
            get(() -> calls.call(() -> cases.find(tenant, id).map(saved -> calls.json(StatusCodes.OK, CaseJson.of(saved)))
                .orElseGet(() -> noCase()))),
            put(() -> callers.audit().recorded(caller, "evaluation.case.replace", () -> calls.objectBody(body ->
                calls.call(() -> cases.replace(tenant, id, body).map(saved -> calls.json(StatusCodes.OK, CaseJson.of(saved)))
                    .orElseGet(() -> noCase()))))),
            delete(() -> callers.audit().recorded(caller, "evaluation.case.delete", () -> calls.call(() ->
                cases.delete(tenant, id) ? HttpResponse.create()
                    .withStatus(StatusCodes.NO_CONTENT) : noCase()))))));
  }

  private Route runs(Caller caller) {
    String tenant = caller.tenant();
    return concat(
        pathEnd(() -> post(() -> callers.audit().recorded(caller, "evaluation.run.start", () -> calls.objectBody(body ->
            calls.call(() -> {
              RunReport started = evaluations.runs().start(tenant, body);
              return calls.json(StatusCodes.ACCEPTED, started)
                  .addHeader(Location.create("/v1/evaluations/runs/" + started.runId() + "?tenant=" + tenant));
            }))))),
        path(PathMatchers.segment(), id -> get(() -> calls.call(() -> evaluations.runs().find(tenant, id)
            .map(run -> calls.json(StatusCodes.OK, run))
            .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such evaluation run in this tenant"))))));
  }

  private HttpResponse created(CaseJson saved) {
    return calls.json(StatusCodes.CREATED, saved)
        .addHeader(Location.create("/v1/evaluations/cases/" + saved.caseId()));
  }

  private HttpResponse noCase() {
    return calls.errors().response(ErrorCode.NOT_FOUND, "no such evaluation case in this tenant");
  }
}
