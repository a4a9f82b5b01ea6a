package io.parley.http.aot;

/** The node did not do what the training asked of it: the build must not ship a cache of a broken run. */
final class TrainingFailure extends RuntimeException {
  TrainingFailure(String message) {
    super(message);
  }
}
