package io.parley.voice;

import io.parley.core.bot.ToolApproval;
import io.parley.core.language.Assent;
import io.parley.core.language.LanguagePack;
import io.parley.sessions.SessionUpdate.ApprovalChanged;
import io.parley.voice.SpokenQuestions.Voice;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The approvals a caller gives by voice (docs/voice.md#approvals). A caller has no confirm button:
 * a tool call waiting for the customer's approval is read out (its summary, then "shall I go
 * ahead? yes or no" in the conversation's language), and the caller's next utterance answers it
 * instead of becoming a message. Yes approves, no refuses; anything else (both, neither) is asked
 * once more, and a second such answer refuses, for nothing runs on a caller's unclear word, and is
 * the caller's message.
 * Only the caller's words begun once they could hear the question answer it: what they began to
 * say before, though transcribed after, is their message, for they had not heard it. The question
 * asked again has a key of its own; it begins once the caller's words are transcribed, which may
 * answer the first asking, and a clear answer withdraws it unsaid.
 * Approvals waiting at once are asked one after another. An approval decided elsewhere (another
 * tab's card, expiry) is no longer asked, nor is its question if it has not begun. Not
 * thread-safe: one call's actor.
 */
final class SpokenApprovals implements SpokenQuestions.Question {
  /** How the call's actor tells the session the caller's decision. */
  @FunctionalInterface
  interface Decision {
    void decide(String approvalId, boolean approved, Optional<String> reason);
  }

  static final String REFUSED = "The caller said no.";
  static final String UNCLEAR = "The caller did not say yes or no when asked twice.";

  private final Voice voice;
  private final Decision decision;
  private final Deque<ApprovalChanged> waiting = new ArrayDeque<>();
  private Optional<ApprovalChanged> asking = Optional.empty();
  private boolean askedAgain;
  /** From when the caller hears the question; never before it began. */
  private long audibleFrom = Long.MAX_VALUE;

  /** {@code voice} speaks the questions ahead of the answers that wait for them; {@code decision} tells the session. */
  SpokenApprovals(Voice voice, Decision decision) {
    this.voice = voice;
    this.decision = decision;
  }

  /** The approvals of a call that speaks by {@code speaking}. */
  static SpokenApprovals of(SpokenAnswers speaking, Decision decision) {
    return new SpokenApprovals(new Voice(speaking::ask, speaking::askAfterTheirWords, speaking::withdraw), decision);
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
      asking.filter(a -> a.approvalId().equals(id)).ifPresent(this::noLongerAsked);
    }
    askNext();
  }

  /**
   * The call began to play {@code key}, which the caller hears from {@code audibleNanos}: their words
   * begun from then on may answer the approval's question, and the one asked again, which they
   * hear having heard the first.
   */
  @Override
  public void started(String key, long audibleNanos) {
    asking.filter(approval -> key.equals(key(approval))).ifPresent(approval -> audibleFrom = audibleNanos);
  }

  /** Whether an approval is being asked: the caller's words may answer it, and do not cut the turn waiting for it. */
  @Override
  public boolean asking() {
    return asking.isPresent();
  }

  @Override
  public boolean asks(long begunNanos) {
    return asking() && begunNanos >= audibleFrom;
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
        // Not begun before the caller's words are transcribed: those they began before it answer the first asking.
        voice.sayAfterTheirWords(againKey(approval), sentence(approval, "approval.again"));
      }
    }
    return true;
  }

  private void decided(ApprovalChanged approval, boolean approved, Optional<String> reason) {
    noLongerAsked(approval);
    decision.decide(approval.approvalId(), approved, reason);
    askNext();
  }

  /** Decided: what of its questions has not begun is not said. */
  private void noLongerAsked(ApprovalChanged approval) {
    asking = Optional.empty();
    voice.withdraw(key(approval));
    if (askedAgain) voice.withdraw(againKey(approval));
  }

  private void askNext() {
    if (asking.isPresent() || waiting.isEmpty()) return;
    ApprovalChanged next = waiting.removeFirst();
    asking = Optional.of(next);
    askedAgain = false;
    audibleFrom = Long.MAX_VALUE;
    voice.say(key(next), sentence(next, "approval.ask"));
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

  /** What the question asked again is spoken under: not the first's, which may still be playing. */
  static String againKey(ApprovalChanged approval) {
    return key(approval) + "-again";
  }
}
