package io.parley.sessions.erasure;

import io.parley.core.memory.MemoryEntry;
import io.parley.sessions.SessionView;
import io.parley.tools.tickets.Ticket;
import java.util.List;

/** Everything held about a user of a tenant (GDPR art. 15): their sessions as the journal holds them, memory, tickets. */
public record UserExport(String tenant, String userId, List<SessionView> sessions, List<MemoryEntry> memory,
    List<Ticket> tickets) {}
