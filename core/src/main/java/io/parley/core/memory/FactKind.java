package io.parley.core.memory;

import io.parley.core.WireName;
import java.util.Locale;
import java.util.Optional;

/**
 * What a pinned fact is about. A single-valued kind holds one current value, and a newer value
 * supersedes it (the customer corrects their email); a multi-valued kind accumulates distinct
 * values (several orders, several promises). The declaration order is the order facts are shown
 * in.
 */
public enum FactKind implements WireName {
  CUSTOMER_NAME(true),
  EMAIL(true),
  PHONE(true),
  ORDER_NUMBER(false),
  TICKET_NUMBER(false),
  COMMITMENT(false);

  private final boolean singleValued;

  FactKind(boolean singleValued) {
    this.singleValued = singleValued;
  }

  public boolean singleValued() {
    return singleValued;
  }

  /** The kind whose lower_snake name ({@link PinnedFact#name()}, in prompts and in stored memory) is {@code wireName}. */
  public static Optional<FactKind> fromWireName(String wireName) {
    return WireName.find(values(), wireName);
  }

  /**
   * The form two values are compared in: a fact restated with other spacing or case is the same
   * fact, not a new one or a change.
   */
  String sameness(String value) {
    String collapsed = value.strip().replaceAll("\\s+", " ");
    return switch (this) {
      case PHONE -> collapsed.replaceAll("[^0-9+]", "");
      case COMMITMENT -> collapsed.toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "");
      default -> collapsed.toLowerCase(Locale.ROOT);
    };
  }
}
