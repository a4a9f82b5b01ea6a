package io.parley.core.offline;

/** Why a turn is answered by the {@link OfflineResponder} instead of a model. */
public enum OfflineReason {
  /** No model endpoint is configured: offline help is the product, nothing went wrong. */
  NOT_CONFIGURED,
  /** A model is configured but every attempt failed: the customer gets an apology first. */
  MODEL_UNAVAILABLE
}
