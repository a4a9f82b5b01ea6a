package io.parley.bench;

import io.parley.bench.CustomerConnection.Received;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A customer who chats briskly: opens a connection, starts a session, sends a message, waits for
 * its whole answer, thinks for a fixed time (none by default), sends the next; after {@code turns}
 * messages it leaves and starts a new conversation. Runs until the measurement window is over, then finishes its turn.
 */
final class Customer implements Runnable {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String[] QUESTIONS = {
      "Hi, my order A-1042 has not arrived yet, can you check where it is?",
      "I was charged twice for the same order, how do I get a refund?",
      "How do I reset my password? The reset email never comes.",
      "What are your opening hours on weekends?",
  };

  private final Crowd crowd;
  private final Measurements measured;
  private final String name;
  private Optional<Conversation> last = Optional.empty();

  /**
   * What every customer of one load shares: the node's port, how many messages a conversation has
   * and the pause after each answer, and where they are measured.
   *
   * @param beforeEachMessage runs just before a message is sent (the fake model scripts its answer there)
   */
  record Crowd(HttpClient http, int port, int turns, Duration thinkTime, Runnable beforeEachMessage,
      Measurements measured) {}

  /** A session this customer talked in, and the highest {@code seq} it received there. */
  record Conversation(String sessionId, long lastSeq) {}

  Customer(Crowd crowd, String name) {
    this.crowd = crowd;
    this.measured = crowd.measured();
    this.name = name;
  }

  @Override
  public void run() {
    try {
      while (!measured.over(System.nanoTime())) converse();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last conversation that got at least one answer. */
  Optional<Conversation> lastConversation() {
    return last;
  }

  private void converse() throws InterruptedException {
    try (CustomerConnection connection = CustomerConnection.open(crowd.http(), crowd.port())) {
      long started = connection.send(CustomerConnection.frame("start"));
      Optional<Received> session = awaitType(connection, "session");
      if (session.isEmpty()) return;
      if (measured.inWindow(started)) measured.sessionStart.add(session.get().atNanos() - started);
      String sessionId = session.get().frame().path("sessionId").asText();
      for (int turn = 0; turn < crowd.turns() && !measured.over(System.nanoTime()); turn++) {
        String clientMsgId = name + "-" + sessionId + "-" + turn;
        crowd.beforeEachMessage().run();
        long sent = connection.send(CustomerConnection.frame("user")
            .put("clientMsgId", clientMsgId).put("text", QUESTIONS[turn % QUESTIONS.length]));
        Optional<Long> lastSeq = awaitAnswer(connection, sent);
        if (lastSeq.isEmpty()) return;
        last = Optional.of(new Conversation(sessionId, lastSeq.get()));
        Thread.sleep(crowd.thinkTime().toMillis());
      }
    }
  }

  /**
   * Reads frames until both the ack of this message and the assistant's message of the turn it
   * started have come, recording when its ack, first delta and answer arrived; returns the
   * answer's {@code seq}, or empty after an error frame or a wait past {@link #PATIENCE}. The
   * protocol does not order the ack before the answer (an offline answer often overtakes it),
   * so deltas and answers are kept by turn until the ack names the turn.
   */
  private Optional<Long> awaitAnswer(CustomerConnection connection, long sent) throws InterruptedException {
    Optional<String> turnId = Optional.empty();
    Map<String, Long> firstDeltaAt = new HashMap<>();
    Map<String, Received> answers = new HashMap<>();
    while (turnId.isEmpty() || !answers.containsKey(turnId.get())) {
      Optional<Received> next = connection.next(PATIENCE);
      if (next.isEmpty() || next.get().type().equals("error") || next.get().type().equals("closed")) {
        measured.failed();
        return Optional.empty();
      }
      Received received = next.get();
      String frameTurn = received.frame().path("turnId").asText();
      switch (received.type()) {
        case "ack" -> {
          turnId = Optional.of(frameTurn);
          measured.ackArrived(received.atNanos());
          if (measured.inWindow(sent)) {
            measured.acked();
            measured.ack.add(received.atNanos() - sent);
          }
        }
        case "delta" -> firstDeltaAt.putIfAbsent(frameTurn, received.atNanos());
        case "message" -> {
          if (received.frame().path("role").asText().equals("assistant")) answers.put(frameTurn, received);
        }
        default -> { }
      }
    }
    Received answer = answers.get(turnId.get());
    if (measured.inWindow(sent)) {
      measured.answer.add(answer.atNanos() - sent);
      Long delta = firstDeltaAt.get(turnId.get());
      if (delta != null) measured.firstDelta.add(delta - sent);
    }
    return Optional.of(answer.frame().path("seq").asLong());
  }

  private Optional<Received> awaitType(CustomerConnection connection, String type) throws InterruptedException {
    while (true) {
      Optional<Received> next = connection.next(PATIENCE);
      if (next.isEmpty() || next.get().type().equals("error")) {
        measured.failed();
        return Optional.empty();
      }
      if (next.get().type().equals(type)) return next;
    }
  }
}
