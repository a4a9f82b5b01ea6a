package io.parley.core.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.parley.core.WireName;
import java.util.Locale;

/** What a customer's words say about a sale; each has a weight in {@link LeadWeights}. */
public enum LeadSignal implements WireName.InJson {
  PURCHASE_INTENT,
  BUDGET,
  TIMELINE,
  CONTACT_DETAILS,
  ENGAGEMENT,
  SENTIMENT;

  /** The signal a document names; {@link LeadWeights#problems} has checked the name. */
  @JsonCreator
  public static LeadSignal fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
