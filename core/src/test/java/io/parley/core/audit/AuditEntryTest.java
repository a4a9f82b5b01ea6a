package io.parley.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.core.session.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditEntryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

  @Test
  void anEntryNamesTheCallerByItsCredential() {
    AuditEntry byKey = AuditEntry.of(Caller.ofApiKey("acme", "cms", Set.of(Role.ADMIN)), NOW, "kb.document.create",
        "/v1/kb/documents/7", AuditResult.OK, "req-1", Optional.empty(), Optional.empty());
    assertEquals("key:cms", byKey.actor());
    assertEquals(Set.of(Role.ADMIN), byKey.roles());
    assertEquals("token:ada", AuditEntry.of(Caller.ofToken("acme", Optional.of("ada"), Set.of(Role.AGENT)), NOW,
        "agent.take", "/v1/sessions/x", AuditResult.OK, "req-2", Optional.empty(), Optional.empty()).actor());
    assertEquals("token", Caller.ofToken("acme", Optional.empty(), Set.of(Role.AGENT)).actor());
    assertEquals("anonymous", Caller.anonymous("acme").actor());

    AuditEntry refused = AuditEntry.unknown("acme", NOW, "authenticate", "/v1/tickets", AuditResult.UNAUTHORIZED,
        "req-3", "the token was refused: Expired JWT");
    assertEquals(AuditEntry.UNKNOWN_ACTOR, refused.actor());
    assertEquals(Set.of(), refused.roles());
  }

  @Test
  void overlongOrMultiLineValuesAreCutNotRefused() {
    AuditEntry entry = AuditEntry.unknown("acme", NOW, "authenticate", "/v1/" + "x".repeat(1000),
        AuditResult.UNAUTHORIZED, "r".repeat(500), "line one\nline two " + "y".repeat(500));
    assertEquals(AuditEntry.MAX_RESOURCE, entry.resource().length());
    assertEquals(AuditEntry.MAX_REQUEST_ID, entry.requestId().length());
    assertEquals(AuditEntry.MAX_REASON, entry.reason().orElseThrow().length());
    assertEquals("line one line two", entry.reason().orElseThrow().substring(0, 17));
  }

  @Test
  void actionsAndTenantsMustBeWellFormed() {
    Caller admin = Caller.ofApiKey("acme", "cms", Set.of(Role.ADMIN));
    assertThrows(IllegalArgumentException.class, () ->
        AuditEntry.of(admin, NOW, "Delete Everything", "/", AuditResult.OK, "r", Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () ->
        AuditEntry.unknown("Not A Tenant", NOW, "authenticate", "/", AuditResult.UNAUTHORIZED, "r", "no"));
  }

  @Test
  void resultsFollowTheStatusOrTheErrorCode() {
    assertEquals(AuditResult.OK, AuditResult.ofStatus(201));
    assertEquals(AuditResult.UNAUTHORIZED, AuditResult.ofStatus(401));
    assertEquals(AuditResult.FORBIDDEN, AuditResult.of(ErrorCode.FORBIDDEN));
    assertEquals(AuditResult.NOT_FOUND, AuditResult.of(ErrorCode.NOT_FOUND));
    assertEquals(AuditResult.REFUSED, AuditResult.of(ErrorCode.CONFLICT));
    assertEquals(AuditResult.REFUSED, AuditResult.ofStatus(429));
    assertEquals(AuditResult.FAILED, AuditResult.of(ErrorCode.UNAVAILABLE));
    assertEquals(Optional.of(AuditResult.NOT_FOUND), AuditResult.fromWireName("not_found"));
  }
}
