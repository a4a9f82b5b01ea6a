package io.parley.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An answer's pieces paced: the first at once, the rest together per interval, in order, nothing lost. */
class PacedPiecesTest {
  private static final Duration INTERVAL = Duration.ofMillis(25);

  private long now = 1_000_000_000L;
  private final List<String> sent = new ArrayList<>();
  private final List<Runnable> timers = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();

  private PacedPieces pieces(Duration interval) {
    return new PacedPieces(interval, (delay, task) -> {
      delays.add(delay);
      timers.add(task);
    }, () -> now, sent::add);
  }

  private void advance(long millis) {
    now += Duration.ofMillis(millis).toNanos();
  }

  private void fireTimers() {
    List<Runnable> due = List.copyOf(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void theFirstPieceGoesAtOnceAndThoseWithinTheIntervalGoTogetherAtItsEnd() {
    PacedPieces pieces = pieces(INTERVAL);
    pieces.accept("Thanks ");
    assertEquals(List.of("Thanks "), sent);
    advance(5);
    pieces.accept("for ");
    advance(5);
    pieces.accept("asking.");
    assertEquals(List.of("Thanks "), sent, "held until the interval ends");
    assertEquals(List.of(Duration.ofMillis(20)), delays, "one timer, set by the first piece held, for what was left of the interval");
    advance(15);
    fireTimers();
    assertEquals(List.of("Thanks ", "for asking."), sent);
  }

  @Test
  void aPieceAfterAQuietIntervalGoesAtOnce() {
    PacedPieces pieces = pieces(INTERVAL);
    pieces.accept("One.");
    advance(40);
    pieces.accept(" Two.");
    assertEquals(List.of("One.", " Two."), sent);
    assertEquals(List.of(), timers);
  }

  /** Pieces with {@code first} sent and {@code second} held back, written 3 ms after it. */
  private PacedPieces secondHeldBack(String first, String second) {
    PacedPieces pieces = pieces(INTERVAL);
    pieces.accept(first);
    advance(3);
    pieces.accept(second);
    return pieces;
  }

  @Test
  void theTurnsFlushSendsWhatWaitsAndTheTimerAfterItSendsNothingMore() {
    PacedPieces pieces = secondHeldBack("It shipped ", "yesterday.");
    pieces.flush();
    assertEquals(List.of("It shipped ", "yesterday."), sent);
    fireTimers();
    assertEquals(List.of("It shipped ", "yesterday."), sent);
  }

  @Test
  void aClosedTurnSendsNothingOfWhatWaitedOrCameLater() {
    PacedPieces pieces = secondHeldBack("Let me ", "check");
    pieces.close();
    fireTimers();
    pieces.accept(" that.");
    pieces.flush();
    assertEquals(List.of("Let me "), sent);
  }

  @Test
  void noIntervalSendsEachPieceAsItComes() {
    PacedPieces pieces = pieces(Duration.ZERO);
    pieces.accept("a");
    pieces.accept("b");
    pieces.accept("c");
    assertEquals(List.of("a", "b", "c"), sent);
    assertEquals(List.of(), timers);
  }
}
