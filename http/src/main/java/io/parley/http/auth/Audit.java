package io.parley.http.auth;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Caller;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Records what callers do in their tenant's {@link AuditLog}: a route wraps what it does in
 * {@link #recorded} (every outcome) or {@link #recordedForStaff} (a staff member's every outcome, a
 * customer's refusals), and {@link Callers} records the refusals it decides itself. A resource is
 * named by its REST path; a created one by the path its response's {@code Location} gives. The
 * request id is the one of the access log ({@code X-Request-Id}, the trace id when tracing is on).
 */
public final class Audit extends AllDirectives {
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private final AuditLog log;
  private final Clock clock;

  public Audit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * Records {@code action} of {@code caller} on {@code resource}; {@code reason}: why it was refused, never what was
   * written; {@code target}: whom it was done to, when to a person ({@link AuditEntry#target()}).
   */
  public void record(Caller caller, String action, String resource, AuditResult result, String requestId,
      Optional<String> reason, Optional<String> target) {
    log.append(AuditEntry.of(caller, clock.instant(), action, resource, result, requestId, reason, target));
  }

  /** Runs {@code inner} and records its outcome as {@code action} of {@code caller}, whatever the status. */
  public Route recorded(Caller caller, String action, Supplier<Route> inner) {
    return recording(caller, action, status -> true, new AtomicReference<>(), inner);
  }

  /**
   * As {@link #recorded}, for an action done to a person: {@code inner} is handed where to say whom
   * (a staff account, an invitation's email) once it knows, and the entry names them as its target.
   */
  public Route recordedOn(Caller caller, String action, Function<Consumer<String>, Route> inner) {
    AtomicReference<String> target = new AtomicReference<>();
    return recording(caller, action, status -> true, target, () -> inner.apply(target::set));
  }

  /**
   * As {@link #recorded} for staff; a customer's use of its own conversations is not an admin action,
   * so for a customer only a refusal (401, 403) is recorded.
   */
  public Route recordedForStaff(Caller caller, String action, Supplier<Route> inner) {
    return recording(caller, action, status -> caller.isStaff() || status == 401 || status == 403,
        new AtomicReference<>(), inner);
  }

  void refused(Caller caller, HttpRequest request, String action, AuditResult result, String reason) {
    record(caller, action, request.getUri().path(), result, requestId(request), Optional.of(reason), Optional.empty());
  }

  /** A request whose credential proved nobody, recorded in {@code tenant}. */
  public void refusedUnknown(String tenant, HttpRequest request, String action, AuditResult result, String reason) {
    log.append(AuditEntry.unknown(tenant, clock.instant(), action, request.getUri().path(), result, requestId(request),
        reason));
  }

  /** The request's id: every request of the main port has one, given by the access log. */
  public static String requestId(HttpRequest request) {
    return request.getHeader(REQUEST_ID_HEADER).map(HttpHeader::value).orElse("-");
  }

  private Route recording(Caller caller, String action, IntPredicate recordedStatus, AtomicReference<String> target,
      Supplier<Route> inner) {
    return extractRequest(request -> mapResponse(response -> {
      int status = response.status().intValue();
      if (recordedStatus.test(status)) {
        record(caller, action, resourceOf(request, response), AuditResult.ofStatus(status), requestId(request),
            Optional.empty(), Optional.ofNullable(target.get()));
      }
      return response;
    }, inner));
  }

  private static String resourceOf(HttpRequest request, HttpResponse response) {
    return response.getHeader(Location.class).map(Location::getUri).map(Uri::path)
        .orElseGet(() -> request.getUri().path());
  }
}
