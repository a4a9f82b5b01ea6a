package io.parley.core.call;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the person called in a warm transfer answers to the brief: key 1 takes the call, key 2
 * declines it; any other key decides nothing, so a stray key does not put the caller through. Or
 * a word, in any of the bot's languages (the person may speak the staff's language, whatever the
 * caller's): "yes", "ja", "sí", "oui", "sim", … takes the call, "no", "nein", "non", "nee", "não", …
 * declines it.
 */
public final class PersonReply {
  public static final char ACCEPT_KEY = '1';
  public static final char DECLINE_KEY = '2';
  private static final Set<String> YES = Set.of("yes", "yeah", "yep", "ja", "jawohl", "si", "oui", "sim", "claro",
      "certo", "نعم", "כן");
  private static final Set<String> NO = Set.of("no", "nope", "nein", "non", "nee", "nao", "لا", "לא");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}]+");

  private PersonReply() {}

  /** A key's decision: {@code true} accepted, {@code false} declined, empty for any other key. */
  public static Optional<Boolean> ofKey(char key) {
    return switch (key) {
      case ACCEPT_KEY -> Optional.of(true);
      case DECLINE_KEY -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /**
   * The decision in what the person was heard saying: a word that accepts with none that declines
   * takes the call, the other way round declines it; both, or neither, decide nothing (so "yes,
   * no, wait" does not put the caller through). Accents and case do not matter ("Sí", "si", "não").
   */
  public static Optional<Boolean> ofWords(String heard) {
    String plain = MARKS.matcher(Normalizer.normalize(heard, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    boolean yes = Arrays.stream(NOT_A_WORD.split(plain)).anyMatch(YES::contains);
    boolean no = Arrays.stream(NOT_A_WORD.split(plain)).anyMatch(NO::contains);
    return yes == no ? Optional.empty() : Optional.of(yes);
  }

  /**
   * The outcome of a call to the person that was not accepted, from the final SIP status that
   * ended it (none: the node gave up ringing): 486 and 600 busy, 603 declined, 408 and 480 or no
   * status no answer, any other failed.
   */
  public static WarmTransferOutcome ofUnanswered(Optional<Integer> sipStatus) {
    if (sipStatus.isEmpty()) return WarmTransferOutcome.NO_ANSWER;
    return switch (sipStatus.get()) {
      case 486, 600 -> WarmTransferOutcome.BUSY;
      case 603 -> WarmTransferOutcome.DECLINED;
      case 408, 480, 487 -> WarmTransferOutcome.NO_ANSWER;
      default -> WarmTransferOutcome.FAILED;
    };
  }
}
