package io.parley.voice;

import io.parley.voice.media.TurnSettings;
import java.time.Duration;

/**
 * How a node's calls take turns and pace their audio.
 *
 * @param playbackLead how far the bot's audio is sent ahead of real time: what a barge-in can cut
 * @param cutWait how long a barge-in waits for the edge to say how far it played
 * @param maxAhead how far caller audio may run ahead of real time before it is dropped
 * @param maxCall the longest a call may last
 * @param speechSpeed the bot's speaking speed, 0.5 to 2.0
 * @param transcriptWait the longest an ended utterance of the caller's may take to be transcribed:
 *     the premium recogniser's timeout, then the local engine's transcript of it
 */
public record CallSettings(TurnSettings turns, Duration playbackLead, Duration cutWait, Duration maxAhead,
    Duration maxCall, Duration askTimeout, double speechSpeed, Duration transcriptWait) {
  /** What the local engine takes to transcribe an utterance handed to it when the premium one failed. */
  private static final Duration LOCAL_TRANSCRIPT = Duration.ofSeconds(5);

  public CallSettings withPlaybackLead(Duration lead) {
    return new CallSettings(turns, lead, cutWait, maxAhead, maxCall, askTimeout, speechSpeed, transcriptWait);
  }

  /** The settings of {@code voice}, with the pacing the product uses: 200 ms lead, 400 ms to report playback. */
  public static CallSettings of(VoiceSettings voice, Duration askTimeout) {
    VoiceSettings.Vad vad = voice.vad();
    return new CallSettings(
        new TurnSettings(vad.activation(), vad.deactivation(), vad.minSpeech(), vad.endOfUtterance(),
            vad.bargeInMinSpeech(), vad.completeUtteranceSilence(),
            longer(vad.unfinishedUtteranceSilence(), vad.endOfUtterance()),
            longer(vad.backchannelMaxSpeech(), vad.bargeInMinSpeech())),
        Duration.ofMillis(200), Duration.ofMillis(400), voice.maxBufferedAudio(), voice.maxCall(), askTimeout,
        voice.tts().speed(), voice.stt().timeout().plus(LOCAL_TRANSCRIPT));
  }

  private static Duration longer(Duration one, Duration other) {
    return one.compareTo(other) >= 0 ? one : other;
  }
}
