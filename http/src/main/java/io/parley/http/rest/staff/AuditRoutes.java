package io.parley.http.rest.staff;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditQuery;
import io.parley.core.audit.AuditRecord;
import io.parley.core.identity.Action;
import io.parley.core.identity.Role;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/audit?limit=&before=&action=}: the caller's tenant's audit log, newest first, for
 * its admins. Reading it is not itself recorded: each page read would add an entry to what is read,
 * and an admin paging through the log would bury what it is looking for under its own reads. A
 * refused read (an agent's, a customer's) is recorded like any refusal.
 */
public final class AuditRoutes extends StoreRoutes {
  record EntryJson(long id, Instant at, String actor, List<String> roles, String action, String resource, String result,
      String requestId, Optional<String> reason, Optional<String> target) {
    static EntryJson of(AuditRecord record) {
      AuditEntry entry = record.entry();
      return new EntryJson(record.id(), entry.at(), entry.actor(), entry.roles().stream().map(Role::wireName).sorted().toList(),
          entry.action(), entry.resource(), entry.result().wireName(), entry.requestId(), entry.reason(), entry.target());
    }
  }

  record PageJson(String tenant, List<EntryJson> entries, Optional<String> next) {}

  private final AuditLog log;

  public AuditRoutes(AuditLog log, ObjectMapper json, Callers callers, Executor blocking) {
    super(callers, new StoreCalls(json, blocking));
    this.log = log;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("audit"), () -> get(() -> callers.caller(caller ->
        callers.permitted(caller, Action.READ_AUDIT_LOG, () -> parameterOptional("limit", limit ->
            parameterOptional("before", before -> parameterOptional("action", action -> calls.call(() -> {
              var page = log.page(AuditQuery.parse(caller.tenant(), limit, before, action));
              return calls.json(StatusCodes.OK,
                  new PageJson(caller.tenant(), page.entries().stream().map(EntryJson::of).toList(), page.next()));
            }))))))));
  }
}
