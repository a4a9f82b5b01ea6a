package io.parley.http.agent;

import java.util.Optional;

/**
 * Who is signed in at a console: the token's subject ({@code id}), the name customers see, and
 * the SIP URI a phone call the agent takes over is transferred to (else the tenant's transfer target).
 */
public record ConsoleAgent(String id, String name, Optional<String> phone) {}
