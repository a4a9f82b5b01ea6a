package io.parley.sessions.evaluation;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.llm.LlmEndpoint;
import java.time.Duration;
import java.util.Optional;

/**
 * How the node runs evaluations (docs/evaluations.md): how many of a tenant's cases at once, how
 * many cases a tenant may keep, how long a case's answer may take, how often a run says it is
 * still alive, and the model that judges and plays customers: {@code model} when the operator
 * names one ({@code PARLEY_EVALUATION_BASE_URL} and {@code PARLEY_EVALUATION_MODEL}), else the
 * model the tenant's bot uses.
 */
public record EvaluationSettings(int casesAtOnce, int maxCases, Duration answerTimeout, Duration heartbeat,
    Optional<LlmEndpoint> model) {

  public static EvaluationSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    Optional<LlmEndpoint> model = reader.optionalHttpUrl("parley.evaluation.base-url", "PARLEY_EVALUATION_BASE_URL")
        .map(url -> new LlmEndpoint("evaluation", url, reader.optionalString("parley.evaluation.model")
            .orElseThrow(() -> new InvalidSettingException("PARLEY_EVALUATION_MODEL (parley.evaluation.model) is required "
                + "when PARLEY_EVALUATION_BASE_URL is set: the model that judges and plays customers")),
            reader.optionalString("parley.evaluation.api-key")));
    return new EvaluationSettings(
        reader.positiveInt("parley.evaluation.cases-at-once", "PARLEY_EVALUATION_CASES_AT_ONCE"),
        reader.positiveInt("parley.evaluation.max-cases", "PARLEY_EVALUATION_MAX_CASES"),
        reader.duration("parley.evaluation.answer-timeout", "PARLEY_EVALUATION_ANSWER_TIMEOUT"),
        reader.duration("parley.evaluation.heartbeat", "PARLEY_EVALUATION_HEARTBEAT"),
        model);
  }
}
