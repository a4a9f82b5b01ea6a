package io.parley.core.identity;

import io.parley.core.WireName;
import java.util.Set;

/**
 * What a request does, and the roles that may do it (ownership of a session or a user is checked apart, by {@link AccessPolicy}).
 * The audit log, where a refusal of it is recorded, names it by its wire name: {@code write_knowledge_base}.
 */
public enum Action implements WireName {
  START_SESSION("start a session", Role.CUSTOMER, Role.AGENT, Role.ADMIN),
  USE_SESSION("use a session", Role.CUSTOMER, Role.AGENT, Role.ADMIN),
  READ_USER_MEMORY("read a user's memory", Role.CUSTOMER, Role.AGENT, Role.ADMIN),
  CORRECT_USER_MEMORY("correct or forget what is remembered about a user", Role.CUSTOMER, Role.AGENT, Role.ADMIN),
  EXPORT_USER_DATA("export what is held about a user", Role.CUSTOMER, Role.ADMIN),
  ERASE_USER_DATA("erase a user's data", Role.ADMIN),
  READ_TICKETS("read tickets", Role.AGENT, Role.ADMIN),
  WRITE_TICKETS("change tickets", Role.AGENT, Role.ADMIN),
  READ_KNOWLEDGE_BASE("read the knowledge base", Role.AGENT, Role.ADMIN),
  WRITE_KNOWLEDGE_BASE("change the knowledge base", Role.ADMIN),
  READ_WORKFLOWS("read workflows", Role.AGENT, Role.ADMIN),
  READ_CALLS("see the phone calls in progress", Role.AGENT, Role.ADMIN),
  PLACE_CALLS("place phone calls and set the tenant's outbound trunk", Role.ADMIN),
  CONFIGURE_BOT("configure the tenant's bot", Role.ADMIN),
  MANAGE_ANSWER_CACHE("manage the answer cache", Role.ADMIN),
  MANAGE_API_KEYS("manage the tenant's API keys", Role.ADMIN),
  TAKE_OVER_CONVERSATIONS("take conversations over", Role.AGENT, Role.ADMIN),
  READ_SAVED_REPLIES("read the tenant's saved replies", Role.AGENT, Role.ADMIN),
  MANAGE_SAVED_REPLIES("write the tenant's saved replies", Role.ADMIN),
  WRITE_CONVERSATION_NOTES("add internal notes to conversations", Role.AGENT, Role.ADMIN),
  READ_AUDIT_LOG("read the audit log", Role.ADMIN),
  READ_CONVERSATIONS("read the tenant's conversations and their figures", Role.AGENT, Role.ADMIN),
  TAG_CONVERSATIONS("tag conversations", Role.AGENT, Role.ADMIN),
  EXPORT_CONVERSATIONS("export the tenant's conversations", Role.ADMIN),
  RETRY_CONVERSATIONS("retry a conversation whose session failed safe", Role.ADMIN),
  READ_KNOWLEDGE_GAPS("see the questions the tenant's bot could not answer", Role.ADMIN),
  MANAGE_STAFF("invite the tenant's staff, reset their passwords and remove their accounts", Role.ADMIN),
  MANAGE_SITES("change the tenant's publishable keys and the sites allowed to chat", Role.ADMIN),
  MANAGE_WEBHOOKS("see and redeliver the tenant's webhook deliveries", Role.ADMIN),
  MANAGE_TENANTS("create, change or disable organisations (tenants)", Role.OPERATOR),
  MANAGE_CLUSTER("manage the cluster", Role.OPERATOR);

  private final String description;
  private final Set<Role> allowed;

  Action(String description, Role... allowed) {
    this.description = description;
    this.allowed = Set.of(allowed);
  }

  boolean allowedFor(Set<Role> roles) {
    return roles.stream().anyMatch(allowed::contains);
  }

  String description() {
    return description;
  }

  /** The roles that may, in words: {@code agent or admin}. */
  String rolesAllowed() {
    return Role.names(allowed).replace(", ", " or ");
  }
}
