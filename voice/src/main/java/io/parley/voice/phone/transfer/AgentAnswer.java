package io.parley.voice.phone.transfer;

import io.parley.core.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** What an agent's console phone answers a call that rings on it ({@link AgentCall.Ringing}). */
public sealed interface AgentAnswer extends CborSerializable {
  String transferId();

  /** The agent takes the call; {@code phone} is where its audio and end go. */
  record Accept(String transferId, String agentId, ActorRef<AgentCall> phone) implements AgentAnswer {}

  /** The agent declines it, or was busy with another call. */
  record Decline(String transferId, String agentId, ActorRef<AgentCall> phone) implements AgentAnswer {}

  /** 20 ms of the agent's microphone: 16 kHz mono PCM16, little-endian. */
  record AgentAudio(String transferId, byte[] pcm) implements AgentAnswer {}

  /** The connected agent hung up (or closed the console). */
  record HungUp(String transferId) implements AgentAnswer {}
}
