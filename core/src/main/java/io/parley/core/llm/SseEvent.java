package io.parley.core.llm;

/** One Server-Sent Event: its type ({@code message} unless an {@code event:} field named one) and data. */
record SseEvent(String type, String data) {}
