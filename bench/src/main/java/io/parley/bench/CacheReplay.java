package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The answer cache on a replayed mix of support questions, measured from outside the node
 * (docs/performance.md, "Answer cache"): the node runs as its own JVM, once with the cache off
 * and once on, against a fake model in this process that answers at once and tags each answer
 * with the intent of the question it was asked. One customer at a time opens a new conversation
 * and asks one question (the first question of a conversation is the cacheable one); intents
 * follow a Zipf popularity (a few intents are most of the traffic, as on a support page), each
 * asked in one of its wordings ({@code support-questions.tsv}), and one question in ten opens
 * with the customer's email, which keeps it out of the cache.
 *
 * <p>It reports the share answered from the cache, answers whose intent differs from the
 * question's (a paraphrase matched too loosely), model calls and tokens, and the time from
 * sending the question to its stored answer for cache hits and for model answers.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * java -cp bench/target/benchmarks.jar io.parley.bench.CacheReplay http/target/parley-server.jar 400
 * </pre>
 */
public final class CacheReplay {
  private static final long SEED = 20261122;
  private static final String FILLER = " Our help centre has the details, and our support team is"
      + " happy to help if anything is unclear. Is there anything else I can do for you today?";

  record Question(String intent, String text) {}

  record Answered(Question question, String source, String intent, long millis) {}

  private CacheReplay() {}

  /** One pass over the replay: its answers, and the model calls and tokens they cost. */
  record Run(boolean cache, List<Answered> answers, int modelCalls, double modelTokens, double tokensSaved) {
    long hits() {
      return answers.stream().filter(answer -> answer.source().equals("cache")).count();
    }

    /** Answers about another intent than the question's: a paraphrase matched too loosely. */
    long wrongIntent() {
      return answers.stream().filter(answer -> !answer.intent().equals(answer.question().intent())).count();
    }

    String row() {
      List<Long> hitMillis = new ArrayList<>();
      List<Long> modelMillis = new ArrayList<>();
      for (Answered answer : answers) (answer.source().equals("cache") ? hitMillis : modelMillis).add(answer.millis());
      Collections.sort(hitMillis);
      Collections.sort(modelMillis);
      return String.format(Locale.ROOT, "| %s | %d of %d (%.0f %%) | %d | %d | %.0f | %.0f | %s / %s | %s / %s |",
          cache ? "on" : "off", hits(), answers.size(), 100.0 * hits() / answers.size(), wrongIntent(), modelCalls,
          modelTokens, tokensSaved, NodeJvm.percentile(hitMillis, 0.5), NodeJvm.percentile(hitMillis, 0.9),
          NodeJvm.percentile(modelMillis, 0.5), NodeJvm.percentile(modelMillis, 0.9));
    }
  }

  public static void main(String[] args) throws Exception {
    PositionalArguments arguments = new PositionalArguments(args);
    Path jar = Path.of(args[0]);
    int count = arguments.number(1, 400);
    System.out.printf(Locale.ROOT, "%d questions, Zipf popularity over the intents of support-questions.tsv, 1 in 10"
        + " with an email; one customer at a time, a new conversation per question%n", count);
    System.out.println("| cache | answered from cache | wrong-intent answers | model calls | model tokens"
        + " | tokens saved | hit p50 / p90 | model answer p50 / p90 |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Run run : run(jar, count)) System.out.println(run.row());
    System.exit(0);
  }

  /** Replays {@code count} questions against {@code jar}, with the cache off and then on. */
  static List<Run> run(Path jar, int count) throws Exception {
    Map<String, List<String>> wordings = wordings();
    Map<String, String> intentOf = new LinkedHashMap<>();
    wordings.forEach((intent, texts) -> texts.forEach(text -> intentOf.put(text, intent)));
    List<Question> replay = replay(wordings, count);
    List<Run> runs = new ArrayList<>();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> {
      String asked = request.lastUserMessage().replaceFirst("^I'm Sam \\([^)]*\\)\\. ", "");
      String intent = intentOf.getOrDefault(asked, "other");
      return "[" + intent + "] Here is how that works for " + intent + "." + FILLER;
    })) {
      for (boolean cache : List.of(false, true)) {
        Map<String, String> env = Map.of("PARLEY_LLM_BASE_URL", model.baseUrl().toString(),
            "PARLEY_LLM_MODEL", "bench", "PARLEY_SIP_ENABLED", "false",
            "PARLEY_ANSWER_CACHE", String.valueOf(cache));
        try (NodeJvm node = NodeJvm.start(jar, env)) {
          // Warm-up on questions outside the mix: code paths and the embedding model are loaded.
          for (int i = 0; i < 30; i++) ask(node, new Question("warm-up", "Warm-up question number " + i + "?"));
          int callsBefore = model.requestCount();
          double tokensBefore = NodeJvm.sum(node.metrics(), "parley_llm_tokens_total");
          List<Answered> answers = new ArrayList<>();
          for (Question question : replay) answers.add(ask(node, question));
          String metrics = node.metrics();
          runs.add(new Run(cache, answers, model.requestCount() - callsBefore,
              NodeJvm.sum(metrics, "parley_llm_tokens_total") - tokensBefore,
              NodeJvm.sum(metrics, "parley_answer_cache_tokens_saved_total")));
        }
      }
    }
    return runs;
  }

  /** Asks {@code question} as the first message of a new conversation and waits for the stored answer. */
  private static Answered ask(NodeJvm node, Question question) throws Exception {
    try (CustomerConnection customer = CustomerConnection.open(HttpClient.newHttpClient(), node.httpPort())) {
      customer.send(CustomerConnection.frame("start"));
      await(customer, "session");
      long sent = customer.send(CustomerConnection.frame("user").put("clientMsgId", "c-1").put("text", question.text()));
      while (true) {
        CustomerConnection.Received received = await(customer, "message", "handoff");
        JsonNode frame = received.frame();
        // A request for a person is answered by the handoff's notice, never by the model or the cache.
        if (received.type().equals("handoff")) {
          throw new IllegalStateException("\"" + question.text() + "\" was taken as a request for a person");
        }
        if (!frame.path("role").asText().equals("assistant")) continue;
        String text = frame.path("text").asText();
        String intent = text.startsWith("[") ? text.substring(1, text.indexOf(']')) : "none";
        return new Answered(question, frame.path("source").asText(), intent, (received.atNanos() - sent) / 1_000_000);
      }
    }
  }

  /** The next frame of one of {@code types}, skipping the others (acks, typing, deltas). */
  private static CustomerConnection.Received await(CustomerConnection customer, String... types) throws Exception {
    List<String> wanted = List.of(types);
    while (true) {
      Optional<CustomerConnection.Received> next = customer.next(Duration.ofSeconds(30));
      if (next.isEmpty()) throw new IllegalStateException("no " + String.join(" or ", wanted) + " frame within 30 s");
      if (wanted.contains(next.get().type())) return next.get();
    }
  }

  /** {@code count} questions: intents by Zipf popularity (rank r asked in proportion to 1/r), wordings at random. */
  private static List<Question> replay(Map<String, List<String>> wordings, int count) {
    Random random = new Random(SEED);
    List<String> intents = new ArrayList<>(wordings.keySet());
    Collections.shuffle(intents, random);
    double[] weights = new double[intents.size()];
    double total = 0;
    for (int rank = 0; rank < weights.length; rank++) total += weights[rank] = 1.0 / (rank + 1);
    List<Question> replay = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double pick = random.nextDouble() * total;
      int rank = 0;
      while (pick > weights[rank] && rank < weights.length - 1) pick -= weights[rank++];
      String intent = intents.get(rank);
      List<String> texts = wordings.get(intent);
      String text = texts.get(random.nextInt(texts.size()));
      if (random.nextInt(10) == 0) text = "I'm Sam (sam" + i + "@example.com). " + text;
      replay.add(new Question(intent, text));
    }
    return replay;
  }

  /** The wordings of each intent of {@code support-questions.tsv}, in the file's order. */
  static Map<String, List<String>> wordings() {
    try (InputStream in = CacheReplay.class.getResourceAsStream("/support-questions.tsv")) {
      Map<String, List<String>> wordings = new LinkedHashMap<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t", 2))
          .forEach(parts -> wordings.computeIfAbsent(parts[0], intent -> new ArrayList<>()).add(parts[1]));
      return wordings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
