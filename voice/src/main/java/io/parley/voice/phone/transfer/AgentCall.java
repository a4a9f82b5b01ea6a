package io.parley.voice.phone.transfer;

import io.parley.core.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * What a phone call handed warmly to the agent console ({@link ConsoleConsult}) tells an agent's
 * console phone, which may be on another node: the call rings with its brief, the agent who
 * accepted first is connected and hears the caller, and the ringing or the call ends. The caller's
 * audio is 20 ms of 8 kHz mono PCM16, little-endian, as it came off the phone line; the phone's
 * {@link Answer}s go back.
 */
public sealed interface AgentCall extends CborSerializable {
  /** Where a tenant's agents online in the console with their phone listen for calls. */
  static ServiceKey<AgentCall> phonesOf(String tenant) {
    return ServiceKey.create(AgentCall.class, "parley-console-phones-" + tenant);
  }

  /** A caller waits for a person: {@code brief} is what the conversation was about; {@code consult} hears the answer. */
  record Ringing(String transferId, String sessionId, String brief, ActorRef<Answer> consult) implements AgentCall {}

  /** This agent's accept was the one taken: the caller is with them now. */
  record Connected(String transferId) implements AgentCall {}

  /** 20 ms of the caller, to play. */
  record CallerAudio(String transferId, byte[] pcm) implements AgentCall {}

  /**
   * The ringing or the call is over for this agent: {@code taken} (another agent accepted),
   * {@code rang_out}, {@code caller_left}, {@code gone} (the caller was given back to the bot before this answer).
   */
  record Over(String transferId, String reason) implements AgentCall {}

  /** What an agent's console phone answers a call that rings on it ({@link Ringing}). */
  sealed interface Answer extends CborSerializable {
    String transferId();

    /** The agent takes the call; {@code phone} is where its audio and end go. */
    record Accept(String transferId, String agentId, ActorRef<AgentCall> phone) implements Answer {}

    /** The agent declines it, or was busy with another call. */
    record Decline(String transferId, String agentId, ActorRef<AgentCall> phone) implements Answer {}

    /** 20 ms of the agent's microphone: 16 kHz mono PCM16, little-endian. */
    record AgentAudio(String transferId, byte[] pcm) implements Answer {}

    /** The connected agent hung up (or closed the console). */
    record HungUp(String transferId) implements Answer {}
  }
}
