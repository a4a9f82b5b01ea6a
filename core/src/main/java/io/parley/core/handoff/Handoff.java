package io.parley.core.handoff;

import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a conversation, and since when: {@code bot} → {@code waiting_for_agent} → {@code agent}
 * (a named agent) → back to {@code bot}. The transitions are checked here, without I/O: a refusal
 * names what stands in the way, in words an agent's console can show.
 */
public record Handoff(HandoffStatus status, Optional<String> agentId, Optional<String> agentName,
    Optional<HandoffTrigger> trigger, Optional<Instant> since) {
  public Handoff {
    status = status == null ? HandoffStatus.BOT : status;
    agentId = agentId == null ? Optional.empty() : agentId;
    agentName = agentName == null ? Optional.empty() : agentName;
    trigger = trigger == null ? Optional.empty() : trigger;
    since = since == null ? Optional.empty() : since;
  }

  /** One for every session the bot answers, and every connection to one: it is immutable. */
  private static final Handoff BOT =
      new Handoff(HandoffStatus.BOT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public static Handoff bot() {
    return BOT;
  }

  /** Only the bot answers turns: while a person is asked for or holds the conversation, the model is silent. */
  public boolean botAnswers() {
    return status == HandoffStatus.BOT;
  }

  public boolean heldBy(String agent) {
    return status == HandoffStatus.AGENT && agentId.equals(Optional.of(agent));
  }

  /**
   * Whether the customer's message stored at {@code at} is the one that asked for a person (it is
   * stored in the same write as the request, at the same instant).
   */
  public boolean askedByMessageAt(Instant at) {
    return trigger.equals(Optional.of(HandoffTrigger.CUSTOMER_ASKED)) && since.equals(Optional.of(at));
  }

  /** Waiting for a person since {@code at}; a conversation already waiting or held stays as it is. */
  public Handoff requested(HandoffTrigger why, Instant at) {
    if (status != HandoffStatus.BOT) return this;
    return new Handoff(HandoffStatus.WAITING_FOR_AGENT, Optional.empty(), Optional.empty(), Optional.of(why),
        Optional.of(at));
  }

  /** {@code agent} holds the conversation from {@code at}; the trigger stays the one that brought it to a person. */
  public Handoff takenBy(String agent, String name, Instant at) {
    return new Handoff(HandoffStatus.AGENT, Optional.of(agent), Optional.of(name),
        trigger.or(() -> Optional.of(HandoffTrigger.AGENT_PICKED_UP)), Optional.of(at));
  }

  /** Why {@code agent} may not take the conversation over, if anything stands in the way. */
  public Optional<String> refusalToTake(String agent) {
    if (status != HandoffStatus.AGENT || heldBy(agent)) return Optional.empty();
    return Optional.of(agentName.orElse("another agent") + " already has this conversation");
  }

  /** Why {@code agent} may not write as the conversation's agent, or hand it back. */
  public Optional<String> refusalToAct(String agent) {
    if (heldBy(agent)) return Optional.empty();
    if (status == HandoffStatus.AGENT) return refusalToTake(agent);
    return Optional.of("take the conversation over first");
  }
}
