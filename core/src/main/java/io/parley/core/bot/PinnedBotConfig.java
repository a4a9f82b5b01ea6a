package io.parley.core.bot;

/** The configuration a session started with, and its version: it keeps it until it ends. */
public record PinnedBotConfig(int version, BotConfig config) {}
