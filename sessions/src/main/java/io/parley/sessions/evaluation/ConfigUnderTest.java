package io.parley.sessions.evaluation;

import java.util.Optional;

/**
 * The configuration a run tests: the draft numbered {@code version}, or the published version
 * {@code version} (0: the tenant has published none, and its sessions run on the node's settings).
 * {@code asked} is how the run was asked for it: {@code draft}, {@code live}, or the version's number.
 */
record ConfigUnderTest(String asked, boolean draft, int version) {
  /** The version a session is pinned to: none for the draft (it asks for it) or for the node's settings. */
  Optional<Integer> pinnedVersion() {
    return draft || version == 0 ? Optional.empty() : Optional.of(version);
  }
}
