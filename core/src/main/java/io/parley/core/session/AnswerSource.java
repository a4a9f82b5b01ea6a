package io.parley.core.session;

import io.parley.core.WireName;

/**
 * Where an assistant answer came from: a language model, the offline responder, the answer
 * cache (a model's earlier answer to the same or a similar context-free question), or the greeting
 * a voice call speaks first (the tenant's configured words), or a procedure's step (its {@code say}
 * and {@code ask} texts, docs/procedures.md).
 */
public enum AnswerSource implements WireName.InJson {
  LLM,
  OFFLINE,
  CACHE,
  GREETING,
  PROCEDURE;
}
