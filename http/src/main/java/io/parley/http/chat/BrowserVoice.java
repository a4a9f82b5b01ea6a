package io.parley.http.chat;

import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.VoiceCall;
import io.parley.voice.VoiceCalls;
import io.parley.voice.VoiceOutput;
import io.parley.voice.media.Pcm16;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * A browser's voice on its chat connection, inside the connection's actor: a {@code voice start}
 * waits for the node's voice engines, then a {@link VoiceCall} child hears the audio that follows
 * and speaks the answers, and what it says becomes the socket's frames and binary audio. These
 * are never held behind a request's reply: audio that waited for a slow ack would stall the
 * answer being played.
 *
 * @param <T> the connection's command type, which carries the voice's {@link Signal}s
 */
final class BrowserVoice<T> {
  /** The voice's own messages (the engines are ready, the call said something), carried by a connection's command. */
  sealed interface Signal {}

  private record Output(VoiceOutput output) implements Signal {}

  /** The node's voice engines are loaded (or could not be), for a voice start at {@code sampleRate}. */
  private record Ready(int sampleRate, Optional<Throwable> failure) implements Signal {}

  private final ActorContext<T> ctx;
  private final Function<Signal, T> signals;
  private final Optional<VoiceCalls> voice;
  private final Consumer<ServerFrame> frames;
  private final Consumer<byte[]> audio;
  private final ActorRef<VoiceOutput> output;
  private Optional<ActorRef<VoiceCall.Command>> call = Optional.empty();
  // Audio without a call is refused once, not once per 20 ms frame.
  private boolean audioRefused;

  /** {@code frames} and {@code audio} (mono PCM16 little-endian) go to the browser. */
  BrowserVoice(ActorContext<T> ctx, Function<Signal, T> signals, Optional<VoiceCalls> voice,
      Consumer<ServerFrame> frames, Consumer<byte[]> audio) {
    this.ctx = ctx;
    this.signals = signals;
    this.voice = voice;
    this.frames = frames;
    this.audio = audio;
    this.output = ctx.messageAdapter(VoiceOutput.class, said -> signals.apply(new Output(said)));
  }

  /** Whether {@code frame} is one of the browser's voice: a start or stop, what it played, its caller's audio. */
  static boolean carries(ClientFrame frame) {
    return frame instanceof ClientFrame.VoiceStart || frame instanceof ClientFrame.VoiceStop
        || frame instanceof ClientFrame.Played || frame instanceof ClientFrame.Audio;
  }

  /** One of the browser's voice frames ({@link #carries}); the refusal to send, if it has one. */
  Optional<ServerFrame.Error> on(ClientFrame frame) {
    if (frame instanceof ClientFrame.VoiceStart start) return start(start.sampleRate());
    if (frame instanceof ClientFrame.Audio heard) return hear(heard);
    if (frame instanceof ClientFrame.VoiceStop) {
      stop();
    } else if (frame instanceof ClientFrame.Played played) {
      call.ifPresent(started -> started.tell(new VoiceCall.Played(played.turnId(), played.millis(), played.stopped())));
    }
    return Optional.empty();
  }

  /** A voice start: the engines load and the call starts once they have ({@link #onSignal}), or the refusal to send. */
  private Optional<ServerFrame.Error> start(int sampleRate) {
    if (voice.isEmpty()) {
      return Optional.of(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "this node has no voice engines; go on typing"));
    }
    if (!VoiceCalls.SAMPLE_RATES.contains(sampleRate)) {
      return Optional.of(ServerFrame.Error.of(ErrorCode.BAD_REQUEST,
          "sampleRate must be one of " + VoiceCalls.SAMPLE_RATES + ", got " + sampleRate));
    }
    ctx.pipeToSelf(voice.get().ready(),
        (ready, failure) -> signals.apply(new Ready(sampleRate, Optional.ofNullable(failure))));
    return Optional.empty();
  }

  /**
   * Starts the call on session {@code id} once the engines are ready (its voice speaks the answers
   * after {@code lastSeqSent}, the last message the browser has), or passes on what the call says.
   */
  void onSignal(Signal signal, SessionId id, EntityRef<SessionCommand> session, long lastSeqSent) {
    if (signal instanceof Ready ready) {
      onReady(ready, id, session, lastSeqSent);
    } else {
      onOutput(((Output) signal).output());
    }
  }

  /** The browser's voice stop: the call hangs up, and says so when it ended. */
  private void stop() {
    call.ifPresentOrElse(started -> started.tell(new VoiceCall.Hangup("stopped by client")),
        () -> frames.accept(new ServerFrame.Voice("stopped", null, "not started")));
  }

  /** The caller's audio goes to the call; without one, the refusal to send (the first time only). */
  private Optional<ServerFrame.Error> hear(ClientFrame.Audio heard) {
    if (call.isPresent()) {
      call.get().tell(new VoiceCall.CallerAudio(heard.samples()));
      return Optional.empty();
    }
    if (audioRefused) return Optional.empty();
    audioRefused = true;
    return Optional.of(ServerFrame.Error.of(ErrorCode.BAD_REQUEST,
        "binary frames are audio: send a voice start frame first"));
  }

  private void onReady(Ready ready, SessionId id, EntityRef<SessionCommand> session, long lastSeqSent) {
    if (ready.failure().isPresent()) {
      // The late answer to the voice start frame.
      frames.accept(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "voice is not working on this node; go on typing")
          .refusing("voice", Optional.empty()));
      return;
    }
    call.ifPresent(ctx::stop);
    String callId = VoiceCalls.newCallId();
    call = Optional.of(ctx.spawn(voice.get().call(callId, id, Channel.VOICE.wireName(), session, lastSeqSent,
        ready.sampleRate(), output), "voice-" + callId));
    audioRefused = false;
    frames.accept(new ServerFrame.Voice("started", ready.sampleRate(), null));
  }

  private void onOutput(VoiceOutput said) {
    if (said instanceof VoiceOutput.Audio spoken) {
      audio.accept(Pcm16.toLittleEndian(spoken.samples()));
    } else if (said instanceof VoiceOutput.Heard heard) {
      frames.accept(new ServerFrame.TranscriptFrame(heard.text(), heard.isFinal(), heard.confidence()));
    } else if (said instanceof VoiceOutput.SpeakingStarted started) {
      frames.accept(new ServerFrame.Speaking("start", started.turnId(), null));
    } else if (said instanceof VoiceOutput.SpeakingStopped stopped) {
      frames.accept(new ServerFrame.Speaking("stop", stopped.turnId(), stopped.reason()));
    } else if (said instanceof VoiceOutput.Problem problem) {
      frames.accept(ServerFrame.Error.of(problem.code(), problem.message()));
    } else if (said instanceof VoiceOutput.Ended ended) {
      call = Optional.empty();
      frames.accept(new ServerFrame.Voice("stopped", null, ended.reason()));
    }
  }
}
