package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private static final Caller ANONYMOUS = Caller.anonymous("acme");
  private static final Caller ADA = Caller.ofToken("acme", Optional.of("ada"), Set.of(Role.CUSTOMER));
  private static final Caller AGENT = Caller.ofApiKey("acme", "desk", Set.of(Role.AGENT));
  private static final Caller ADMIN = Caller.ofApiKey("acme", "cms", Set.of(Role.ADMIN));

  @Test
  void customersUseOnlyTheirOwnSessions() {
    assertEquals(Decision.ALLOWED, AccessPolicy.mayUseSession(ADA, Optional.of("ada")));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayUseSession(ADA, Optional.of("bob")));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayUseSession(ADA, Optional.empty()));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayUseSession(ANONYMOUS, Optional.empty()));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayUseSession(ANONYMOUS, Optional.of("ada")));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayUseSession(AGENT, Optional.of("ada")));
  }

  @Test
  void aCustomerStartsSessionsOnlyForItself() {
    assertEquals(Decision.ALLOWED, AccessPolicy.mayStart(ADA, Optional.empty()));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayStart(ADA, Optional.of("ada")));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayStart(ADA, Optional.of("bob")));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayStart(ANONYMOUS, Optional.of("ada")));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayStart(AGENT, Optional.of("bob")));
    assertEquals(Optional.of("ada"), AccessPolicy.ownerOfNewSession(ADA, Optional.empty()));
    assertEquals(Optional.empty(), AccessPolicy.ownerOfNewSession(ANONYMOUS, Optional.empty()));
    assertEquals(Optional.of("bob"), AccessPolicy.ownerOfNewSession(AGENT, Optional.of("bob")));
  }

  @Test
  void rolesGateTheTenantsResources() {
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.decide(ADA, Action.READ_TICKETS));
    assertEquals(Decision.ALLOWED, AccessPolicy.decide(AGENT, Action.READ_KNOWLEDGE_BASE));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.decide(AGENT, Action.WRITE_KNOWLEDGE_BASE));
    assertEquals(Decision.ALLOWED, AccessPolicy.decide(ADMIN, Action.WRITE_KNOWLEDGE_BASE));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.decide(ADMIN, Action.MANAGE_CLUSTER));
    assertEquals(Decision.ALLOWED, AccessPolicy.decide(Set.of(Role.OPERATOR), Action.MANAGE_CLUSTER));
  }

  @Test
  void userMemoryIsForStaffAndTheUserItself() {
    assertEquals(Decision.ALLOWED, AccessPolicy.mayReadUser(ADA, "ada"));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayReadUser(ADA, "bob"));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayReadUser(ANONYMOUS, "ada"));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayReadUser(AGENT, "ada"));
  }

  @Test
  void onlyAnAdminCreatesKeysAndOnlyWithRolesItMayGrant() {
    assertEquals(Decision.ALLOWED, AccessPolicy.mayGrant(ADMIN, Set.of(Role.ADMIN)));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayGrant(ADMIN, Set.of(Role.AGENT)));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayGrant(AGENT, Set.of(Role.AGENT)));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayGrant(ADA, Set.of(Role.CUSTOMER)));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayGrant(ADMIN, Set.of(Role.OPERATOR)));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayGrant(ADMIN, Set.of(Role.CUSTOMER)));
    Caller agentAndCustomer = Caller.ofApiKey("acme", "odd", Set.of(Role.AGENT, Role.CUSTOMER));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayGrant(agentAndCustomer, Set.of(Role.AGENT)));
  }

  @Test
  void anOperatorAccountIsManagedOnlyByAnOperatorAndAnAdminManagesAgentsAndAdmins() {
    Set<Role> operatorAccount = Set.of(Role.OPERATOR, Role.ADMIN);
    assertFalse(AccessPolicy.mayManageAccount(Set.of(Role.ADMIN), operatorAccount));
    assertFalse(AccessPolicy.mayManageAccount(Set.of(Role.ADMIN, Role.AGENT), Set.of(Role.OPERATOR)));
    assertFalse(AccessPolicy.mayManageAccount(Set.of(), Set.of(Role.AGENT)));
    assertFalse(AccessPolicy.mayManageAccount(Set.of(Role.AGENT), Set.of(Role.ADMIN)));
    assertTrue(AccessPolicy.mayManageAccount(operatorAccount, operatorAccount));
    assertTrue(AccessPolicy.mayManageAccount(Set.of(Role.ADMIN), Set.of(Role.ADMIN, Role.AGENT)));
    assertTrue(AccessPolicy.mayManageAccount(operatorAccount, Set.of(Role.AGENT)));
  }

  @Test
  void anExportIsForAdminsAndTheUserItselfAndErasureForAdminsOnly() {
    assertEquals(Decision.ALLOWED, AccessPolicy.mayExportUser(ADA, "ada"));
    assertEquals(Decision.ALLOWED, AccessPolicy.mayExportUser(ADMIN, "ada"));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayExportUser(ADA, "bob"));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayExportUser(ANONYMOUS, "ada"));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayExportUser(AGENT, "ada"));
    assertEquals(Decision.ALLOWED, AccessPolicy.decide(ADMIN, Action.ERASE_USER_DATA));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.decide(AGENT, Action.ERASE_USER_DATA));
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.decide(ADA, Action.ERASE_USER_DATA));
  }
}
