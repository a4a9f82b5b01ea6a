package io.parley.voice;

import io.parley.core.bot.ToolApproval;
import io.parley.core.language.Assent;
import io.parley.core.language.LanguagePack;
import io.parley.sessions.SessionUpdate.ApprovalChanged;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The approvals a caller gives by voice (docs/voice.md#approvals). A caller has no confirm button:
 * a tool call waiting for the customer's approval is read out (its summary, then "shall I go
 * ahead? yes or no" in the conversation's language), and the caller's next utterance answers it
 * instead of becoming a message. Yes approves, no refuses; anything else (both, neither) is asked
 * once more, and a second such answer refuses, for nothing runs on a caller's unclear word, and is
 * the caller's message.
 * Approvals waiting at once are asked one after another. An approval decided elsewhere (another
 * tab's card, expiry) is no longer asked. Not thread-safe: one call's actor.
 */
final class SpokenApprovals implements SpokenQuestions.Question {
  /** How the call's actor tells the session the caller's decision. */
  @FunctionalInterface
  interface Decision {
    void decide(String approvalId, boolean approved, Optional<String> reason);
  }

  static final String REFUSED = "The caller said no.";
  static final String UNCLEAR = "The caller did not say yes or no when asked twice.";

  private final BiConsumer<String, String> ask;
  private final Decision decision;
  private final Deque<ApprovalChanged> waiting = new ArrayDeque<>();
  private Optional<ApprovalChanged> asking = Optional.empty();
  private boolean askedAgain;

  /** {@code ask} speaks a text under a key before answers that wait for it; {@code decision} tells the session. */
  SpokenApprovals(BiConsumer<String, String> ask, Decision decision) {
    this.ask = ask;
    this.decision = decision;
  }

  /** The session's news of an approval: asked (again, after the call rejoined), or decided. */
  void changed(ApprovalChanged approval) {
    if (approval.approver() != ToolApproval.CUSTOMER) return;
    String id = approval.approvalId();
    boolean known = asking.filter(a -> a.approvalId().equals(id)).isPresent()
        || waiting.stream().anyMatch(a -> a.approvalId().equals(id));
    if (approval.status().equals(ApprovalChanged.PENDING)) {
      if (known) return;
      waiting.addLast(approval);
    } else {
      waiting.removeIf(a -> a.approvalId().equals(id));
      if (asking.filter(a -> a.approvalId().equals(id)).isPresent()) asking = Optional.empty();
    }
    askNext();
  }

  /** Whether the caller's next words answer an approval. */
  @Override
  public boolean asking() {
    return asking.isPresent();
  }

  /**
   * The caller said {@code heard}: whether it answered the approval being asked, or made it be asked
   * again, and is therefore no message for the session.
   */
  @Override
  public boolean heard(String heard) {
    if (asking.isEmpty()) return false;
    ApprovalChanged approval = asking.get();
    switch (Assent.of(heard, words(approval))) {
      case YES -> decided(approval, true, Optional.empty());
      case NO -> decided(approval, false, Optional.of(REFUSED));
      case UNCLEAR -> {
        if (askedAgain) {
          decided(approval, false, Optional.of(UNCLEAR));
          // Unclear twice: refused, and the words are the caller's message.
          return false;
        }
        askedAgain = true;
        ask.accept(key(approval), sentence(approval, "approval.again"));
      }
    }
    return true;
  }

  private void decided(ApprovalChanged approval, boolean approved, Optional<String> reason) {
    asking = Optional.empty();
    decision.decide(approval.approvalId(), approved, reason);
    askNext();
  }

  private void askNext() {
    if (asking.isPresent() || waiting.isEmpty()) return;
    ApprovalChanged next = waiting.removeFirst();
    asking = Optional.of(next);
    askedAgain = false;
    ask.accept(key(next), sentence(next, "approval.ask"));
  }

  private static String sentence(ApprovalChanged approval, String key) {
    return words(approval).sentence(key).replace("{summary}", approval.summary());
  }

  private static LanguagePack words(ApprovalChanged approval) {
    return LanguagePack.find(approval.language()).orElseGet(LanguagePack::english);
  }

  /** What the question is spoken under: no turn of the session, so it is never cut as an answer. */
  static String key(ApprovalChanged approval) {
    return "approval-" + approval.approvalId();
  }
}
