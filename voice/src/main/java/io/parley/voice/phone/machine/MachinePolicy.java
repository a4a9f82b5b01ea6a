package io.parley.voice.phone.machine;

import io.parley.core.bot.VoicePreferences;
import io.parley.core.bot.VoicePreferences.AnsweringMachine;
import java.util.Optional;

/**
 * What a call the node places does if an answering machine answers: the tenant's {@code action}
 * (its bot configuration's {@code voice.answeringMachine}) and the {@code message} given with the
 * call, spoken after the beep when the action is to leave one.
 */
public record MachinePolicy(AnsweringMachine action, Optional<String> message) {
  /** The longest message a call may leave: about a minute of speech, which machines record. */
  public static final int MAX_MESSAGE = VoicePreferences.MAX_VOICEMAIL_MESSAGE;

  /** The message to speak on a machine; none when the call hangs up instead. */
  public Optional<String> messageToLeave() {
    return action == AnsweringMachine.LEAVE_MESSAGE ? message : Optional.empty();
  }
}
