package io.parley.voice.phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call in, decided for each INVITE from its source address and its credentials:
 *
 * <ol>
 *   <li>a source listed in the allowed sources is let in (a trunk known by its address);
 *   <li>else a source a trunk serves (every source, for a trunk that lists none) must prove it is
 *       one of those trunks by digest authentication ({@link DigestAuthentication});
 *   <li>else {@code *} among the allowed sources lets anyone in, and with no allowed sources at
 *       all loopback is let in (a fresh node can be phoned from its own host); the rest are refused.
 * </ol>
 *
 * A request may carry several {@code Authorization} headers (a client that answers each challenge
 * it was given, like JAIN SIP's): it is let in when one of them proves a trunk's credentials for it.
 * Thread-safe.
 */
final class CallAdmission {
  /** What to do with the INVITE. */
  public sealed interface Decision {}

  /** Let the call in; {@code trunk} names the trunk that authenticated it, if one did. */
  public record Admitted(Optional<String> trunk) implements Decision {}

  /**
   * Ask for credentials: 401 with one challenge for each of the {@code algorithms}, the preferred
   * first, all with this nonce; {@code stale}: the old ones were right but expired; {@code
   * suspicion}: why answering again looks like a replay (logged, never sent), if it does.
   */
  public record Challenge(String realm, String nonce, List<DigestAlgorithm> algorithms, boolean stale,
      Optional<String> suspicion) implements Decision {}

  /** Refuse (403), for this reason (logged, never sent). */
  public record Forbidden(String reason) implements Decision {}

  private final List<SipTrunk> trunks;
  private final Set<String> allowedSources;
  private final DigestAuthentication digest;

  CallAdmission(List<SipTrunk> trunks, Set<String> allowedSources, DigestAuthentication digest) {
    this.trunks = List.copyOf(trunks);
    this.allowedSources = Set.copyOf(allowedSources);
    this.digest = digest;
  }

  /**
   * Whether {@code source} is a trunk's own address: listed among the allowed sources or among a
   * trunk's sources by name, not through {@code *}, a trunk that lists none, or the loopback default.
   * Such an address carries a whole carrier's calls, so a flood limit meant for strangers does not
   * apply to it (the node's call limit still does).
   */
  public boolean isTrunkAddress(String source) {
    return allowedSources.contains(source) || trunks.stream().anyMatch(trunk -> trunk.sources().contains(source));
  }

  /**
   * @param loopback whether {@code source} is a loopback address
   * @param credentials what the request's {@code Authorization} headers say, in their order
   * @param requestUri the request's Request-URI, which a response must have been computed for
   */
  public Decision decide(String source, boolean loopback, List<DigestCredentials> credentials, String method,
      String requestUri) {
    if (allowedSources.contains(source)) return new Admitted(Optional.empty());
    List<SipTrunk> serving = trunks.stream().filter(trunk -> trunk.serves(source)).toList();
    if (!serving.isEmpty()) return authenticate(serving, credentials, method, requestUri);
    if (allowedSources.contains("*") || (allowedSources.isEmpty() && loopback)) return new Admitted(Optional.empty());
    return new Forbidden("not an allowed source");
  }

  private Decision authenticate(List<SipTrunk> serving, List<DigestCredentials> credentials, String method,
      String requestUri) {
    if (credentials.isEmpty()) return challenge(false, Optional.empty());
    List<Decision> refusals = new ArrayList<>();
    for (DigestCredentials answer : credentials) {
      Decision decision = authenticate(serving, answer, method, requestUri);
      if (decision instanceof Admitted) return decision;
      refusals.add(decision);
    }
    // A new challenge over a refusal: one answer a client could not compute must not 403 the one it could retry.
    return refusals.stream().filter(Challenge.class::isInstance).findFirst().orElse(refusals.get(0));
  }

  private Decision authenticate(List<SipTrunk> serving, DigestCredentials answer, String method, String requestUri) {
    Optional<SipTrunk> trunk = serving.stream().filter(candidate -> candidate.username().equals(answer.username()))
        .findFirst();
    if (trunk.isEmpty()) return new Forbidden("no trunk of this source has that username");
    return switch (digest.check(answer, method, requestUri, trunk.get().password())) {
      case ACCEPTED -> new Admitted(Optional.of(trunk.get().name()));
      case STALE -> challenge(true, Optional.empty());
      case UNKNOWN_NONCE -> challenge(false, Optional.empty());
      // A trunk never repeats a count; past the counts kept (a flood of calls) a count is refused as well.
      case REPLAYED -> challenge(false, Optional.of("credentials of trunk " + trunk.get().name()
          + " with a nonce count used already (a replay?) or past the counts kept"));
      case OTHER_REQUEST -> new Forbidden("credentials of trunk " + trunk.get().name() + " computed for another Request-URI");
      case WRONG -> new Forbidden("wrong credentials for trunk " + trunk.get().name());
    };
  }

  private Challenge challenge(boolean stale, Optional<String> suspicion) {
    return new Challenge(digest.realm(), digest.nonce(), digest.algorithms(), stale, suspicion);
  }
}
