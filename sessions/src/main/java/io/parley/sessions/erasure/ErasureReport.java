package io.parley.sessions.erasure;

/**
 * What an erasure deleted now: sessions whose keys went (their journals can no longer be read),
 * archive documents, tickets and long-term memories. All zero when there was nothing left to erase.
 */
public record ErasureReport(int sessions, int archiveObjects, int tickets, int memories) {}
