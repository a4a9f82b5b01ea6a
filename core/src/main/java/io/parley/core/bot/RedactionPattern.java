package io.parley.core.bot;

/** A tenant's own kind of personal data as configured: its placeholder name and its regular expression. */
public record RedactionPattern(String name, String regex) {}
