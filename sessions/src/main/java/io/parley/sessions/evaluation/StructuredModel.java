package io.parley.sessions.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ResponseSchema;
import io.parley.core.prompt.TokenEstimator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The evaluation's model (the judge, the simulated customer), asked for a JSON answer following a
 * schema. What the server answers is checked again here: a server may ignore the schema, and an
 * answer that does not follow it is {@link Reply.Broken}, never taken for a verdict. Blocking: runs
 * on the run's own (virtual) threads.
 *
 * <p>{@code bots}: {@code model} is the tenants' bots' own, which takes a tenant's order of providers.
 */
record StructuredModel(Optional<LlmClient> model, boolean bots, ObjectMapper json, Duration timeout) {
  private static final int MAX_TOKENS = 400;
  private static final double TEMPERATURE = 0;
  private static final TokenEstimator ESTIMATOR = new TokenEstimator();

  /** What the model answered. */
  sealed interface Reply<T> {
    long tokens();

    record Answered<T>(T value, long tokens) implements Reply<T> {}

    /** The answer was not what the schema asks for, or the model failed. */
    record Broken<T>(String reason, long tokens) implements Reply<T> {}
  }

  /** The providers to ask for a tenant that chose {@code tenantsProviders}: theirs on the bots' model, none on the evaluation's own. */
  List<String> providers(List<String> tenantsProviders) {
    return bots ? tenantsProviders : List.of();
  }

  /**
   * The most tokens asking {@code messages} may use: the prompt as the estimator counts it (above
   * the real count for any text) and the longest answer asked for.
   */
  long mostTokens(List<PromptMessage> messages) {
    long prompt = ESTIMATOR.requestOverhead();
    for (PromptMessage message : messages) prompt += ESTIMATOR.count(message);
    return prompt + MAX_TOKENS;
  }

  /**
   * Asks {@code messages} of the model (its {@code providers}, in order, for a client with several),
   * and reads the answer with {@code read}, which says what is wrong with an answer that breaks the
   * schema by throwing an {@code IllegalArgumentException}.
   */
  <T> Reply<T> ask(List<PromptMessage> messages, ResponseSchema schema, List<String> providers,
      Function<JsonNode, T> read) {
    if (model.isEmpty()) return new Reply.Broken<>("no model is configured to ask", 0);
    LlmRequest request = new LlmRequest(messages, MAX_TOKENS, TEMPERATURE).withProviders(providers)
        .withResponseSchema(schema);
    LlmAnswer answer;
    try {
      answer = model.get().stream(request, text -> {}).result().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return new Reply.Broken<>("the model failed: " + e.getCause().getMessage(), 0);
    } catch (TimeoutException e) {
      return new Reply.Broken<>("the model did not answer within " + timeout.toSeconds() + " s", 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply.Broken<>("interrupted", 0);
    }
    long tokens = answer.usage().map(usage -> (long) usage.totalTokens()).orElse(0L);
    try {
      JsonNode tree = json.readTree(answer.text());
      if (tree == null || !tree.isObject()) throw new IllegalArgumentException("not a JSON object");
      return new Reply.Answered<>(read.apply(tree), tokens);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return new Reply.Broken<>("the answer does not follow the schema " + schema.name() + " (" + e.getMessage()
          + "): " + shortened(answer.text()), tokens);
    }
  }

  /** {@code object} has exactly {@code fields}: anything else breaks the schema. */
  static void onlyFields(JsonNode object, String... fields) {
    List<String> allowed = List.of(fields);
    object.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) throw new IllegalArgumentException("unexpected field " + name);
    });
    for (String field : fields) {
      if (!object.has(field)) throw new IllegalArgumentException("missing field " + field);
    }
  }

  private static String shortened(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }
}
