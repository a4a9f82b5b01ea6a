package io.parley.voice;

import io.parley.core.session.ErrorCode;

/**
 * What a voice call tells its edge (the browser's socket, the phone bridge), which turns it into
 * its own wire format. Audio is mono PCM16 at the call's sample rate, in 20 ms frames, already paced.
 */
public sealed interface VoiceOutput {
  /** What the caller is heard saying: partial guesses, then the final text of each utterance. */
  record Heard(String text, boolean isFinal, double confidence) implements VoiceOutput {}

  /** The bot starts speaking the answer of {@code turnId}. */
  record SpeakingStarted(String turnId) implements VoiceOutput {}

  /**
   * The bot stopped speaking the answer of {@code turnId}: {@link #DONE}, {@link #BARGE_IN} (the edge
   * must stop playing at once and report how far it played), or {@link #HUNG_UP}.
   */
  record SpeakingStopped(String turnId, String reason) implements VoiceOutput {
    public static final String DONE = "done";
    public static final String BARGE_IN = "barge_in";
    public static final String HUNG_UP = "hung_up";
  }

  /** 20 ms of the bot's voice. */
  record Audio(short[] samples) implements VoiceOutput {}

  /** Something the caller should know and the call survives: audio dropped, a message refused. */
  record Problem(ErrorCode code, String message) implements VoiceOutput {}

  /** The session asks for the call to be transferred to {@code target} (a SIP URI); only a phone edge can. */
  record Transfer(String target) implements VoiceOutput {}

  /**
   * What the caller was told or said of the call's recording ({@code consent}: announced, asked,
   * given, refused, as {@code RecordingConsentNoted} names them); a phone edge records from announced or given on.
   */
  record ConsentToRecord(String consent) implements VoiceOutput {}

  /** As {@link Transfer}, warm: the person at {@code target} hears {@code brief} in {@code staffLanguage} and accepts first. */
  record WarmTransfer(String target, String brief, String staffLanguage) implements VoiceOutput {}

  /** The bot presses {@code keys} on the call's keypad ({@code press_keys}): a phone edge sends them. */
  record PressKeys(String keys) implements VoiceOutput {}

  /** The call is over (the session closed, or the call was stopped); nothing follows. */
  record Ended(String reason) implements VoiceOutput {}
}
