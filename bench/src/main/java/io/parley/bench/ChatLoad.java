package io.parley.bench;

import io.parley.bench.CustomerConnection.Received;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.http.ParleyNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * End-to-end load on one node, as its customers see it (docs/performance.md, "A node under load"):
 * the node starts in this JVM through {@link ParleyNode}, as {@code Main} starts it, and N
 * customers chat with it over WebSocket on loopback, each sending its next message as soon as the
 * previous answer is complete. The model is core's fake OpenAI-compatible server streaming a
 * fixed answer with a small pause per word, or none (the offline responder answers), so what is
 * measured is the node, not a model.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.parley.bench.ChatLoad --sessions 1,8,32 --seconds 20 --database h2
 * </pre>
 */
public final class ChatLoad {
  private static final String ANSWER_WORDS = "Thanks for waiting. Your order A-1042 left our warehouse on Monday"
      + " and is with the carrier now; the tracking page shows it out for delivery today, so it should reach you"
      + " before the evening. If it does not, reply here and I will open a ticket for you.";

  private ChatLoad() {}

  /** What one {@link #run} measured: a result per session count, and the restart when asked for. */
  record Report(List<LoadResult> runs, Optional<Restart> restart) {}

  /** Milliseconds to start the node again on the same database, then to replay a conversation of it. */
  record Restart(double nodeStartMillis, double resumeMillis, long replayedMessages) {}

  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    Report report = run(options);
    System.out.printf(Locale.ROOT, "database %s, model %s (%d words, %d ms per word), %d turns per conversation, %d ms think time,"
            + " %.0f s warm-up, %.0f s measured%n", options.database(), options.model(), options.answerWords(),
        options.chunkDelay().toMillis(), options.turns(), options.thinkTime().toMillis(), options.warmup().toMillis() / 1e3,
        options.measured().toMillis() / 1e3);
    System.out.println(LoadResult.header());
    report.runs().forEach(result -> System.out.println(result.row()));
    report.restart().ifPresent(restart -> System.out.printf(Locale.ROOT,
        "restart: node started in %.0f ms, then a conversation of %d messages resumed in %.0f ms%n",
        restart.nodeStartMillis(), restart.replayedMessages(), restart.resumeMillis()));
    // Pekko's and the HTTP client's threads would keep the JVM alive a while.
    System.exit(0);
  }

  static Report run(LoadOptions options) throws Exception {
    Optional<FakeChatCompletionsServer> model = options.model().equals("fake")
        ? Optional.of(FakeChatCompletionsServer.start()) : Optional.empty();
    Reply.Answer answer = Reply.answer(answer(options.answerWords())).withChunkDelay(options.chunkDelay());
    Runnable scriptAnswer = () -> model.ifPresent(server -> server.enqueue(answer));
    HttpClient http = HttpClient.newHttpClient();
    try (ScratchDatabase database =
             ScratchDatabase.create(options.database(), options.postgresAdminUrl(), options.postgresUser())) {
      ParleyNode node = NodeUnderLoad.start(database, model.map(FakeChatCompletionsServer::baseUrl));
      List<LoadResult> runs = new ArrayList<>();
      Optional<Customer.Conversation> longest = Optional.empty();
      try {
        for (int sessions : options.sessions()) {
          Run run = load(http, node.httpPort(), sessions, options, scriptAnswer);
          runs.add(run.result());
          longest = Stream.concat(longest.stream(), run.conversation().stream())
              .max(Comparator.comparingLong(Customer.Conversation::lastSeq));
        }
      } finally {
        node.close();
      }
      Optional<Restart> restart = options.resume() && longest.isPresent()
          ? Optional.of(restart(http, database, model.map(FakeChatCompletionsServer::baseUrl), longest.get()))
          : Optional.empty();
      return new Report(runs, restart);
    } finally {
      model.ifPresent(FakeChatCompletionsServer::close);
    }
  }

  private record Run(LoadResult result, Optional<Customer.Conversation> conversation) {}

  private static Run load(HttpClient http, int port, int sessions, LoadOptions options, Runnable scriptAnswer)
      throws InterruptedException {
    double loadBefore = loadAverage();
    Measurements measured = Measurements.afterWarmUpAndFirstAck(System.nanoTime() + options.warmup().toNanos(),
        options.measured().toNanos());
    Customer.Crowd crowd = new Customer.Crowd(http, port, options.turns(), options.thinkTime(), scriptAnswer, measured);
    List<Customer> customers = IntStream.range(0, sessions).mapToObj(i -> new Customer(crowd, "customer-" + i)).toList();
    List<Thread> threads = customers.stream()
        .map(customer -> new Thread(customer, "customer-" + customers.indexOf(customer)))
        .collect(Collectors.toList());
    threads.forEach(Thread::start);
    for (Thread thread : threads) thread.join();
    Optional<Customer.Conversation> longest = customers.stream()
        .flatMap(customer -> customer.lastConversation().stream())
        .max(Comparator.comparingLong(Customer.Conversation::lastSeq));
    return new Run(measured.result(sessions, loadBefore, loadAverage()), longest);
  }

  /**
   * Starts the node again on the database the closed one used (in this JVM, so the code is loaded
   * and compiled: not a cold process start), and resumes {@code conversation} from its start.
   */
  private static Restart restart(HttpClient http, ScratchDatabase database, Optional<URI> model,
      Customer.Conversation conversation) throws InterruptedException {
    long starting = System.nanoTime();
    ParleyNode node = NodeUnderLoad.start(database, model);
    long started = System.nanoTime();
    try (CustomerConnection connection = CustomerConnection.open(http, node.httpPort())) {
      long sent = connection.send(CustomerConnection.frame("start")
          .put("sessionId", conversation.sessionId()).put("resumeAfter", 0));
      long replayed = 0;
      while (true) {
        Received received = connection.next(Duration.ofSeconds(60))
            .orElseThrow(() -> new IllegalStateException("the resumed session sent nothing for 60 s"));
        if (received.type().equals("error")) throw new IllegalStateException("resume failed: " + received.frame());
        if (!received.type().equals("message")) continue;
        replayed++;
        if (received.frame().path("seq").asLong() >= conversation.lastSeq()) {
          return new Restart((started - starting) / 1e6, (received.atNanos() - sent) / 1e6, replayed);
        }
      }
    } finally {
      node.close();
    }
  }

  private static String answer(int words) {
    String[] vocabulary = ANSWER_WORDS.split(" ");
    return IntStream.range(0, words).mapToObj(i -> vocabulary[i % vocabulary.length]).collect(Collectors.joining(" "));
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
