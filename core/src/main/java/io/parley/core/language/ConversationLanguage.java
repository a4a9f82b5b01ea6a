package io.parley.core.language;

import io.parley.core.WireName;

/**
 * The language a conversation is held in, and where it was learnt: the customer's language, said
 * by the widget's {@code start} or {@code context} frame, the signed-in customer's profile, the
 * tenant's configured language, or detected from what the customer wrote. A detector that cannot
 * decide leaves the tenant's language, marked as such, never a guess passed off as certain.
 */
public record ConversationLanguage(LanguageTag tag, Source source) {
  public enum Source implements WireName {
    START, CONTEXT, PROFILE, TENANT, DETECTED
  }
}
