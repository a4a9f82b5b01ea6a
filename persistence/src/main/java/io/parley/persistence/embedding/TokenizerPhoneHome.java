package io.parley.persistence.embedding;

/**
 * Keeps the embedding model's tokenizer (DJL's HuggingFace tokenizers) from calling out. Each time
 * a tokenizer is made, DJL 0.36 "calls home" unless told not to ({@code ai.djl.util.Ec2Utils.callHome}):
 * it asks the cloud metadata service at 169.254.169.254 for a token and the instance's id and
 * region, then sends them to an S3 bucket of DJL's; and it may download a native library it lacks
 * from its own site. A node contacts only what its operator configured (docs/security.md), so the
 * model turns both off with DJL's own switches before DJL loads.
 */
final class TokenizerPhoneHome {
  /** DJL's telemetry switch, read as a variable, else as a system property of the same name. */
  static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
  /** DJL's offline mode: no downloads, and no telemetry either. Its variable is {@code DJL_OFFLINE}. */
  static final String OFFLINE = "ai.djl.offline";
  private static final String OFFLINE_VARIABLE = "DJL_OFFLINE";

  private TokenizerPhoneHome() {}

  /** Sets both switches, each unless the operator set it (variable or system property): their choice stands. */
  static synchronized void turnOff() {
    setUnlessChosen(OPT_OUT_TRACKING, OPT_OUT_TRACKING);
    setUnlessChosen(OFFLINE_VARIABLE, OFFLINE);
  }

  private static void setUnlessChosen(String variable, String property) {
    if (System.getenv(variable) == null && System.getProperty(property) == null) System.setProperty(property, "true");
  }
}
