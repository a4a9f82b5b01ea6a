package io.parley.core.call;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a phone call is handed to a person (the {@code voice.transferMode} of a tenant's bot
 * configuration): {@code blind}, a SIP REFER that leaves the call with the far side, or {@code warm},
 * where the node calls the person, tells them what the call is about, and bridges the caller only once
 * they accept (docs/voice.md#warm-transfer).
 */
public enum TransferMode {
  @JsonProperty("blind") BLIND,
  @JsonProperty("warm") WARM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TransferMode> ofWireName(String name) {
    return Arrays.stream(values()).filter(mode -> mode.wireName().equals(name)).findFirst();
  }
}
