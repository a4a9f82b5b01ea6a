package io.parley.sessions.erasure;

import io.parley.core.memory.MemoryEntry;
import io.parley.persistence.desk.ConversationNote;
import io.parley.sessions.SessionView;
import io.parley.tools.tickets.Ticket;
import java.util.List;
import java.util.Map;

/**
 * Everything held about a user of a tenant (GDPR art. 15): their sessions as the journal holds them,
 * memory, tickets, and the staff's notes on their conversations ({@code notes}, by session id, only
 * the conversations that have any).
 */
public record UserExport(String tenant, String userId, List<SessionView> sessions, List<MemoryEntry> memory,
    List<Ticket> tickets, Map<String, List<ConversationNote>> notes) {}
