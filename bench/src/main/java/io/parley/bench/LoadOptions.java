package io.parley.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the chat load benchmark measures, from {@code --name value} arguments; every one has a default.
 *
 * @param sessions concurrent customers of each run, one run per entry
 * @param model {@code fake}: core's fake OpenAI-compatible server streams a fixed answer;
 *     {@code offline}: no model, the offline responder answers
 * @param answerWords words of the fake model's answer, one streamed chunk per word
 * @param chunkDelay pause of the fake model before each chunk
 * @param turns messages a customer sends in one conversation before it starts a new one
 * @param thinkTime pause of a customer between an answer and its next message
 * @param resume also measure a restart: the node stops, starts again on the same database, and
 *     one conversation is resumed
 */
record LoadOptions(
    List<Integer> sessions,
    Duration warmup,
    Duration measured,
    String database,
    String postgresAdminUrl,
    String postgresUser,
    String model,
    int answerWords,
    Duration chunkDelay,
    int turns,
    Duration thinkTime,
    boolean resume) {

  private static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("sessions", "1,8,32"),
      Map.entry("warmup", "5"),
      Map.entry("seconds", "20"),
      Map.entry("database", "h2"),
      Map.entry("postgres-admin-url", "jdbc:postgresql://127.0.0.1:5432/test"),
      Map.entry("postgres-user", "postgres"),
      Map.entry("model", "fake"),
      Map.entry("answer-words", "40"),
      Map.entry("chunk-delay-ms", "5"),
      Map.entry("turns", "10"),
      Map.entry("think-ms", "0"),
      Map.entry("resume", "false"));

  static LoadOptions parse(String... args) {
    Map<String, String> given = new HashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].replaceFirst("^--", "");
      if (!DEFAULTS.containsKey(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--name value]..., names and defaults: " + DEFAULTS);
      }
      given.put(name, args[i + 1]);
    }
    if (!Set.of("fake", "offline").contains(given.get("model"))) {
      throw new IllegalArgumentException("--model is fake or offline, not " + given.get("model"));
    }
    return new LoadOptions(
        Arrays.stream(given.get("sessions").split(",")).map(String::trim).map(Integer::valueOf).toList(),
        Duration.ofMillis((long) (Double.parseDouble(given.get("warmup")) * 1000)),
        Duration.ofMillis((long) (Double.parseDouble(given.get("seconds")) * 1000)),
        given.get("database"),
        given.get("postgres-admin-url"),
        given.get("postgres-user"),
        given.get("model"),
        Integer.parseInt(given.get("answer-words")),
        Duration.ofMillis(Long.parseLong(given.get("chunk-delay-ms"))),
        Integer.parseInt(given.get("turns")),
        Duration.ofMillis(Long.parseLong(given.get("think-ms"))),
        Boolean.parseBoolean(given.get("resume")));
  }
}
