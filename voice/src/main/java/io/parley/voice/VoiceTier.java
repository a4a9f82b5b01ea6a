package io.parley.voice;

/** Which engines serve one kind of speech (recognition or synthesis) on a node. */
public enum VoiceTier {
  /** The engines in this process only: nothing leaves the node, and nothing is paid per minute. */
  LOCAL,
  /** The premium service, with the local engine standing in whenever it fails; it must be configured. */
  PREMIUM,
  /** {@link #PREMIUM} when a premium service is configured (a base URL or a key), else {@link #LOCAL}. */
  AUTO;

  /** Whether the premium service is used, given whether one is configured. */
  public boolean usesPremium(boolean configured) {
    return this == PREMIUM || (this == AUTO && configured);
  }
}
