package io.parley.http.rest.config;

import io.parley.core.experiment.ExperimentFigures;
import io.parley.sessions.bot.Experiment;
import java.time.Instant;
import java.util.Optional;

/**
 * An experiment as the REST API shows it (docs/bot-config.md#experiments): {@code status}
 * {@code running} or {@code ended}, the candidate named by its draft's or version's number (its
 * configuration is the draft's or version's own, in {@code GET /v1/config}), and, for one
 * experiment, its figures per arm with their 95 % intervals (docs/analytics.md#experiments).
 */
record ExperimentJson(int id, String status, CandidateJson candidate, double share, int liveVersion, String startedBy,
    Instant startedAt, Optional<EndedJson> ended, Optional<ExperimentFigures> figures) {

  /** {@code draft}: the number of the draft frozen as the candidate; {@code version}: the saved version's. */
  record CandidateJson(Optional<Integer> draft, Optional<Integer> version) {}

  /** {@code reason}: stopped, promoted, published or rolled_back; {@code version}: the one that then went live. */
  record EndedJson(String reason, String by, Instant at, Optional<Integer> version) {}

  static ExperimentJson of(Experiment experiment, Optional<ExperimentFigures> figures) {
    Experiment.Candidate candidate = experiment.candidate();
    return new ExperimentJson(experiment.id(), experiment.running() ? "running" : "ended",
        new CandidateJson(candidate.draft() ? Optional.of(candidate.number()) : Optional.empty(),
            candidate.draft() ? Optional.empty() : Optional.of(candidate.number())),
        experiment.share(), experiment.liveVersion(), experiment.author(), experiment.startedAt(),
        experiment.ended().map(e -> new EndedJson(e.reason().wireName(), e.by(), e.at(), e.version())), figures);
  }
}
