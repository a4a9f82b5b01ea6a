package io.parley.core.identity.staff;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Slows password guessing without locking anyone out. Wrong passwords are counted per email and
 * client address together, and per address alone: past {@code freePerEmail} (or
 * {@code freePerAddress}) of them, each further try must wait, one second after the first one past,
 * doubling with each, up to {@code longestWait}. The owner of an account signing in from another
 * address is never kept waiting by someone else's guesses, and an email no account has is counted
 * as any other, so the waits tell nobody which emails exist (emails come normalised, as
 * {@link StaffSignIn#normalEmail} makes them). A right password clears its email and
 * address's count; a count not added to for four times the longest wait starts again. Memory is bounded:
 * past {@link #REMEMBERED} counts, the least recently added to is forgotten. Thread-safe; given
 * the time, so tested without sleeping.
 *
 * <p>The limits are the cluster's: each node counts the tries it sees and takes them for its share
 * of the cluster's, the members up ({@code nodes}) sharing a load balancer's tries evenly, so it
 * weighs each wrong password as that many. A guesser spread over three nodes waits as one guessing
 * at one; a client a load balancer keeps on one node gets its free tries divided by the nodes.
 */
public final class SignInThrottle {
  static final int REMEMBERED = 100_000;
  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);

  /** Why a try must wait, and how long. */
  public record Wait(Duration duration, boolean forAddress) {}

  private record Failures(int count, Instant last) {}

  private record AddressKey(String address) {}

  private record PairKey(String email, String address) {}

  private final int freePerEmail;
  private final int freePerAddress;
  private final Duration longestWait;
  private final Duration forgetAfter;
  private final int remembered;
  private final IntSupplier nodes;
  /** By key, least recently failed first. Guarded by itself. */
  private final Map<Record, Failures> failures;

  /** {@code nodes}: how many members of the cluster are up now, this one among them. */
  public SignInThrottle(int freePerEmail, int freePerAddress, Duration longestWait, IntSupplier nodes) {
    this(freePerEmail, freePerAddress, longestWait, nodes, REMEMBERED);
  }

  SignInThrottle(int freePerEmail, int freePerAddress, Duration longestWait, IntSupplier nodes, int remembered) {
    if (freePerEmail < 1 || freePerAddress < 1) {
      throw new IllegalArgumentException("free wrong passwords must be at least 1, were " + freePerEmail + " and "
          + freePerAddress);
    }
    if (longestWait.compareTo(FIRST_WAIT) < 0) {
      throw new IllegalArgumentException("the longest wait must be at least a second, was " + longestWait);
    }
    this.freePerEmail = freePerEmail;
    this.freePerAddress = freePerAddress;
    this.longestWait = longestWait;
    this.forgetAfter = longestWait.multipliedBy(4);
    this.remembered = remembered;
    this.nodes = nodes;
    this.failures = new LinkedHashMap<>(16, 0.75f, false);
  }

  /** Empty when {@code email} may be tried from {@code address} now; else the longer of the two waits. */
  public Optional<Wait> before(String email, String address, Instant now) {
    synchronized (failures) {
      Optional<Wait> forAddress = waitOf(failures.get(new AddressKey(address)), freePerAddress, now)
          .map(wait -> new Wait(wait, true));
      Optional<Wait> forEmail = waitOf(failures.get(pairKey(email, address)), freePerEmail, now)
          .map(wait -> new Wait(wait, false));
      return Stream.of(forAddress, forEmail).flatMap(Optional::stream).max(Comparator.comparing(Wait::duration));
    }
  }

  /** A wrong password for {@code email} (whether an account has it or not) from {@code address}. */
  public void failed(String email, String address, Instant now) {
    synchronized (failures) {
      add(new AddressKey(address), now);
      add(pairKey(email, address), now);
      var oldest = failures.keySet().iterator();
      while (failures.size() > remembered) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** The right password for {@code email} from {@code address}: its count starts again (the address's stays). */
  public void succeeded(String email, String address) {
    synchronized (failures) {
      failures.remove(pairKey(email, address));
    }
  }

  private void add(Record key, Instant now) {
    Failures before = failures.remove(key);
    int count = before == null || forgotten(before, now) ? 0 : before.count();
    failures.put(key, new Failures(count + 1, now));
  }

  private Optional<Duration> waitOf(Failures counted, int free, Instant now) {
    if (counted == null || forgotten(counted, now)) return Optional.empty();
    long inCluster = (long) counted.count() * Math.max(1, nodes.getAsInt());
    if (inCluster < free) return Optional.empty();
    Duration left = Duration.between(now, counted.last().plus(waitAfter(inCluster - free)));
    return left.isPositive() ? Optional.of(left) : Optional.empty();
  }

  /** One second after the first wrong password past the free ones, doubling with each further one, at most the longest wait. */
  private Duration waitAfter(long pastFree) {
    if (pastFree >= 31) return longestWait;
    Duration wait = FIRST_WAIT.multipliedBy(1L << pastFree);
    return wait.compareTo(longestWait) > 0 ? longestWait : wait;
  }

  private boolean forgotten(Failures counted, Instant now) {
    return !now.isBefore(counted.last().plus(forgetAfter));
  }

  private static PairKey pairKey(String email, String address) {
    return new PairKey(email, address);
  }
}
