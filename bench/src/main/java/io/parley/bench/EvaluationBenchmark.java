package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluation runs measured from outside the node (docs/performance.md, "Evaluation runs"): the node
 * runs as its own JVM with at most {@code PARLEY_EVALUATION_CASES_AT_ONCE} cases at once, against a
 * fake model in this process that takes 5 ms a word of its answer, as a fast hosted model streams.
 * A tenant's admin imports {@code cases} scripted cases (the questions of
 * {@code support-questions.tsv}, one to two messages each, checked by code and one in four by the
 * judge, some of them made to fail), runs them on the live version, and runs them again
 * {@code reruns} times: each run's time, from its start to its finish as the run reports them, and
 * whether every rerun gave every case and every expectation the verdict of the first run.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * java -cp bench/target/benchmarks.jar io.parley.bench.EvaluationBenchmark http/target/parley-server.jar 100 20 4
 * </pre>
 */
public final class EvaluationBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TENANT = "acme";
  private static final String ADMIN_KEY = "bench-admin-key-of-the-evaluation-benchmark";
  private static final long MILLIS_PER_WORD = 5;
  private static final String FILLER = " Our help centre has the details, and our support team is"
      + " happy to help if anything is unclear. Is there anything else I can do for you today?";

  /**
   * A run: how long it took, its counts, each case's verdicts (the case's, then each
   * expectation's) and what each case that did not pass said (its error, or its failed
   * expectations' reasons), to tell why a rerun differs.
   */
  record Run(long millis, JsonNode counts, Map<String, List<String>> verdicts, Map<String, String> why) {}

  /** The first run, then the reruns, and how many reruns gave other verdicts than the first. */
  record Result(int cases, int atOnce, List<Run> runs, int modelCalls) {
    long differingReruns() {
      Map<String, List<String>> first = runs.get(0).verdicts();
      return runs.stream().skip(1).filter(run -> !run.verdicts().equals(first)).count();
    }

    /** Each case a rerun judged otherwise than the first run, with both verdicts and why. */
    List<String> differences() {
      Run first = runs.get(0);
      List<String> differences = new ArrayList<>();
      for (int i = 1; i < runs.size(); i++) {
        Run rerun = runs.get(i);
        for (String caseId : first.verdicts().keySet()) {
          if (first.verdicts().get(caseId).equals(rerun.verdicts().get(caseId))) continue;
          differences.add("rerun " + i + ", case " + caseId + ": " + first.verdicts().get(caseId) + " ("
              + first.why().getOrDefault(caseId, "") + ") then " + rerun.verdicts().get(caseId) + " ("
              + rerun.why().getOrDefault(caseId, "") + ")");
        }
      }
      return differences;
    }

    String row(double load) {
      List<Long> millis = new ArrayList<>(runs.stream().map(Run::millis).sorted().toList());
      JsonNode counts = runs.get(0).counts();
      return String.format(Locale.ROOT, "| %d | %d | %d ms a word | %.1f s | %.1f / %.1f s | %d pass, %d fail, %d error"
          + " | %d of %d | %d | %.1f |", cases, atOnce, MILLIS_PER_WORD, runs.get(0).millis() / 1000.0,
          millis.get(0) / 1000.0, millis.get(millis.size() - 1) / 1000.0, counts.get("pass").asInt(),
          counts.get("fail").asInt(), counts.get("error").asInt(), runs.size() - 1 - differingReruns(),
          runs.size() - 1, modelCalls, load);
    }
  }

  private EvaluationBenchmark() {}

  public static void main(String[] args) throws Exception {
    PositionalArguments arguments = new PositionalArguments(args);
    Path jar = Path.of(args[0]);
    int cases = arguments.number(1, 100);
    int reruns = arguments.number(2, 20);
    int atOnce = arguments.number(3, 4);
    Result result = run(jar, cases, reruns, atOnce);
    System.out.println("| cases | at once | fake model | first run | fastest / slowest run | first run's verdicts"
        + " | reruns with the same verdicts | model calls | load (1 min) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    System.out.println(result.row(loadAverage()));
    result.differences().forEach(System.out::println);
    System.exit(0);
  }

  /** Imports {@code cases} cases into a node of {@code jar}, runs them once, then {@code reruns} times more. */
  static Result run(Path jar, int cases, int reruns, int atOnce) throws Exception {
    Map<String, String> intentOf = new LinkedHashMap<>();
    Map<String, List<String>> wordings = CacheReplay.wordings();
    wordings.forEach((intent, texts) -> texts.forEach(text -> intentOf.put(text, intent)));
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> slowly(answer(request, intentOf)))) {
      Map<String, String> env = Map.of("PARLEY_LLM_BASE_URL", model.baseUrl().toString(),
          "PARLEY_LLM_MODEL", "bench", "PARLEY_SIP_ENABLED", "false", "PARLEY_ANSWER_CACHE", "false",
          "PARLEY_EVALUATION_CASES_AT_ONCE", String.valueOf(atOnce), "PARLEY_TENANTS", tenants());
      try (NodeJvm node = NodeJvm.start(jar, env)) {
        HttpResponse<String> imported = admin(node, "POST", "/v1/evaluations/cases/import", cases(wordings, cases).toString());
        if (imported.statusCode() != 201) throw new IllegalStateException("import: " + imported.body());
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i <= reruns; i++) runs.add(runOnce(node));
        return new Result(cases, atOnce, runs, model.requestCount());
      }
    }
  }

  private static Run runOnce(NodeJvm node) throws Exception {
    HttpResponse<String> started = admin(node, "POST", "/v1/evaluations/runs", "{\"config\": \"live\"}");
    if (started.statusCode() != 202) throw new IllegalStateException("run: " + started.body());
    String path = "/v1/evaluations/runs/" + JSON.readTree(started.body()).get("runId").asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode run = JSON.readTree(admin(node, "GET", path, null).body());
      if (!run.get("status").asText().equals("running")) {
        if (!run.get("status").asText().equals("finished")) throw new IllegalStateException("run ended " + run.get("status"));
        long millis = Duration.between(Instant.parse(run.get("startedAt").asText()),
            Instant.parse(run.get("finishedAt").asText())).toMillis();
        Map<String, List<String>> verdicts = new TreeMap<>();
        Map<String, String> why = new TreeMap<>();
        run.get("cases").forEach(one -> {
          List<String> each = new ArrayList<>(List.of(one.get("verdict").asText()));
          StringBuilder reasons = new StringBuilder(one.path("error").asText(""));
          one.get("expectations").forEach(e -> {
            each.add(e.get("verdict").asText());
            if (!e.get("verdict").asText().equals("pass")) reasons.append(e.get("kind").asText()).append(": ")
                .append(e.path("reason").asText("")).append("; ");
          });
          verdicts.put(one.get("caseId").asText(), each);
          if (!reasons.isEmpty()) why.put(one.get("caseId").asText(), reasons.toString());
        });
        return new Run(millis, run.get("counts"), verdicts, why);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the run did not finish within 10 minutes");
  }

  /**
   * The fake model's answer: the judge says a criterion naming the intent holds when an answer is
   * tagged with it; the bot tags its answer with the intent of the question it was asked.
   */
  private static String answer(RecordedRequest request, Map<String, String> intentOf) {
    JsonNode body = request.body();
    if (body.has("response_format")) {
      String system = body.get("messages").get(0).get("content").asText();
      String intent = system.replaceFirst("(?s).*The assistant answers about ([a-z_-]+)\\..*", "$1");
      return request.lastUserMessage().contains("[" + intent + "]")
          ? "{\"verdict\": \"pass\", \"reason\": \"It answers about " + intent + ".\"}"
          : "{\"verdict\": \"fail\", \"reason\": \"It does not answer about " + intent + ".\"}";
    }
    String intent = intentOf.getOrDefault(request.lastUserMessage(), "other");
    return "[" + intent + "] Here is how that works for " + intent + "." + FILLER;
  }

  /** {@code answer}, after 5 ms a word of it: the time a fast hosted model takes to write it. */
  private static String slowly(String answer) {
    try {
      Thread.sleep(MILLIS_PER_WORD * FakeChatCompletionsServer.chunksOf(answer).size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answer;
  }

  /**
   * {@code count} scripted cases over the intents, in turn: one question, or two of different
   * intents every third case; each expects its first intent's tag, no untagged answer, a model's
   * answer and no handoff, one in four asks the judge, and one in ten expects another intent's tag
   * (a failure by design).
   */
  static ObjectNode cases(Map<String, List<String>> wordings, int count) {
    List<String> intents = new ArrayList<>(wordings.keySet());
    ArrayNode cases = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      String intent = intents.get(i % intents.size());
      List<String> texts = wordings.get(intent);
      ObjectNode one = cases.addObject().put("name", "case " + i + " (" + intent + ")");
      ArrayNode messages = one.putArray("messages").add(texts.get((i / intents.size()) % texts.size()));
      String other = intents.get((i + 1) % intents.size());
      if (i % 3 == 0) messages.add(wordings.get(other).get(0));
      ArrayNode expect = one.putArray("expect");
      expect.addObject().put("contains", "[" + intent + "]");
      expect.addObject().put("notContains", "[other]");
      expect.addObject().put("answerSource", "llm");
      expect.addObject().put("handoff", false);
      if (i % 4 == 0) expect.addObject().put("judge", "The assistant answers about " + intent + ".");
      if (i % 10 == 7) expect.addObject().put("contains", "[" + intents.get((i + 5) % intents.size()) + "]");
    }
    ObjectNode document = JSON.createObjectNode();
    document.set("cases", cases);
    return document;
  }

  private static String tenants() throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ADMIN_KEY.getBytes(StandardCharsets.UTF_8)));
    return "{\"" + TENANT + "\": {\"apiKeys\": [{\"name\": \"bench-admin\", \"sha256\": \"" + sha256
        + "\", \"roles\": [\"admin\"]}]}}";
  }

  private static HttpResponse<String> admin(NodeJvm node, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path
            + "?tenant=" + TENANT))
        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
