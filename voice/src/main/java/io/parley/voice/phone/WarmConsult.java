package io.parley.voice.phone;

import io.parley.core.call.PersonReply;
import io.parley.core.call.WarmTransferOutcome;
import io.parley.core.session.SessionId;
import io.parley.voice.media.HoldTone;
import io.parley.voice.media.OutgoingAudio;
import io.parley.voice.phone.transfer.ConsultListener;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundCalls;
import io.parley.voice.phone.outbound.OutboundOutcome;
import io.parley.voice.phone.outbound.OutboundProgress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warm transfer of an answered call: the caller hears {@link HoldTone} (their words reach
 * nobody meanwhile) while the node calls the person; once the person answers they hear the brief
 * and press 1 or say "yes" to take the call ({@link PersonReply}; the node's local recogniser hears
 * their leg while they decide), and from then on each side's frames go out
 * on the other's RTP channel, so the two hear each other through the node. Key 2, a hang-up
 * before deciding, no decision within {@code personDecides}, or a call that is not answered gives
 * the caller back to the bot (their frames to it again) with the reason; the {@link ConsultListener}
 * hears the outcome once. Called from the SIP stack's, the media clock's and the timer's threads: each
 * change of stage is synchronized.
 */
final class WarmConsult {
  private static final Logger LOG = LoggerFactory.getLogger(WarmConsult.class);

  /** Places the call to the person, its answer handed to the given connector. */
  interface Dialler {
    void dial(OutboundCall call, Consumer<OutboundProgress> progress,
        OutboundCalls.Connector answered) throws Exception;
  }

  private enum Stage { DIALLING, BRIEFING, BRIDGED, OVER }

  private final SessionId session;
  private final SipProvider provider;
  private final RtpChannel caller;
  private final ConsultListener listener;
  private final ScheduledExecutorService timer;
  private final Duration personDecides;
  private final CompletionStage<short[]> brief;
  private final Function<TranscriptListener, RecognitionStream> listening;
  private final HoldTone hold = new HoldTone();
  private Stage stage = Stage.DIALLING;
  private Consumer<RtpChannel.CallerFrame> toBot;
  private Optional<OutboundCall> call = Optional.empty();
  private Optional<Dialog> personDialog = Optional.empty();
  private Optional<RtpChannel> person = Optional.empty();
  private Optional<ScheduledFuture<?>> deadline = Optional.empty();
  private Optional<RecognitionStream> words = Optional.empty();

  /** {@code listening}: opens the local recogniser that hears the person's words while they decide. */
  WarmConsult(SessionId session, SipProvider provider, RtpChannel caller, CompletionStage<short[]> brief,
      Function<TranscriptListener, RecognitionStream> listening, ScheduledExecutorService timer, Duration personDecides,
      ConsultListener listener) {
    this.session = session;
    this.listening = listening;
    this.provider = provider;
    this.caller = caller;
    this.brief = brief;
    this.timer = timer;
    this.personDecides = personDecides;
    this.listener = listener;
  }

  /** The caller on hold, the person's phone ringing. */
  synchronized void start(OutboundCall call, Dialler dialler) {
    if (stage == Stage.OVER) return; // the caller left before the call was placed
    this.call = Optional.of(call);
    toBot = caller.hearing(frame -> {});
    caller.play(hold::next);
    try {
      dialler.dial(call, this::progress, this::answered);
    } catch (Exception e) {
      LOG.info("warm transfer: the person could not be called: {}", e.toString());
      giveBack(WarmTransferOutcome.FAILED, Optional.empty());
    }
  }

  /** The person's SIP Call-ID, once they answered. */
  synchronized Optional<String> personCallId() {
    return personDialog.map(dialog -> dialog.getCallId().getCallId());
  }

  private void progress(OutboundProgress step) {
    if (step instanceof OutboundProgress.Ended ended) {
      synchronized (this) {
        // Briefing: the person answered but could not be heard or briefed, and was hung up.
        if (stage == Stage.DIALLING || stage == Stage.BRIEFING) giveBack(outcomeOf(ended.outcome()), ended.sipStatus());
      }
    }
  }

  /** The person picked up (acknowledged already): they hear the brief and their keys decide. */
  private void answered(OutboundCall call, RtpChannel rtp, Dialog dialog, SdpOffer answer, Response ok,
      Consumer<OutboundProgress> progress) throws Exception {
    rtp.update(answer);
    synchronized (this) {
      personDialog = Optional.of(dialog);
      person = Optional.of(rtp);
      if (stage != Stage.DIALLING) {
        // The caller left while it rang.
        hangUpPerson();
        progress.accept(new OutboundProgress.Answered(session));
        return;
      }
      stage = Stage.BRIEFING;
      RecognitionStream heard = listening.apply(new PersonWords());
      words = Optional.of(heard);
      rtp.start("warm-" + call.id(), frame -> {
        synchronized (heard) {
          heard.accept(frame.samples());
        }
      }, key -> PersonReply.ofKey(key.key()).ifPresent(this::personDecided));
      deadline = Optional.of(timer.schedule(this::notDecided, personDecides.toMillis(), TimeUnit.MILLISECONDS));
    }
    brief.whenComplete((audio, failure) -> {
      // Without the brief the person still hears quiet and may take the call: the caller is waiting.
      if (failure != null) LOG.warn("warm transfer: the brief could not be spoken: {}", failure.toString());
      rtp.play(frames(failure == null ? audio : new short[0]));
    });
    progress.accept(new OutboundProgress.Answered(session));
  }

  private synchronized void personDecided(boolean accepted) {
    if (stage != Stage.BRIEFING) return;
    stopListening();
    if (!accepted) {
      hangUpPerson();
      giveBack(WarmTransferOutcome.DECLINED, Optional.empty());
      return;
    }
    stage = Stage.BRIDGED;
    deadline.ifPresent(due -> due.cancel(false));
    RtpChannel them = person.orElseThrow();
    them.play(null);
    caller.play(null);
    caller.hearing(frame -> them.send(frame.samples()));
    them.hearing(frame -> caller.send(frame.samples()));
    listener.decided(WarmTransferOutcome.ACCEPTED, Optional.empty());
  }

  private synchronized void notDecided() {
    if (stage != Stage.BRIEFING) return;
    hangUpPerson();
    giveBack(WarmTransferOutcome.NO_ANSWER, Optional.empty());
  }

  /** The person's BYE: before deciding, a decline; after, the end of the call. */
  synchronized void personHungUp() {
    person.ifPresent(RtpChannel::close);
    if (stage == Stage.BRIEFING) {
      giveBack(WarmTransferOutcome.DECLINED, Optional.empty());
    } else if (stage == Stage.BRIDGED) {
      stage = Stage.OVER;
      listener.personLeft();
    }
  }

  /** The caller is gone (or the node stops): the person's leg ends too; a call still ringing is cancelled by {@code cancel}. */
  synchronized void end(Consumer<String> cancel) {
    if (stage == Stage.DIALLING) call.ifPresent(placed -> cancel.accept(placed.id()));
    if (stage == Stage.BRIEFING || stage == Stage.BRIDGED) hangUpPerson();
    deadline.ifPresent(due -> due.cancel(false));
    caller.play(null);
    stopListening();
    stage = Stage.OVER;
  }

  private void stopListening() {
    words.ifPresent(RecognitionStream::close);
    words = Optional.empty();
  }

  /** What the person says while deciding: a yes or a no decides as key 1 or 2 does ({@link PersonReply#ofWords}). */
  private final class PersonWords implements TranscriptListener {
    @Override
    public void onTranscript(Transcript transcript) {
      PersonReply.ofWords(transcript.text()).ifPresent(WarmConsult.this::personDecided);
    }

    @Override
    public void onSpeakerPaused() {
      synchronized (WarmConsult.this) {
        words.ifPresent(heard -> {
          synchronized (heard) {
            heard.endUtterance();
          }
        });
      }
    }

    @Override
    public void onFailure(VoiceEngineException failure) {
      LOG.info("warm transfer: the person's words cannot be heard, only their keys: {}", failure.toString());
    }
  }

  /** The caller is the bot's again: no hold audio, their words to it. */
  private void giveBack(WarmTransferOutcome outcome, Optional<Integer> sipStatus) {
    stage = Stage.OVER;
    stopListening();
    deadline.ifPresent(due -> due.cancel(false));
    caller.play(null);
    caller.hearing(toBot);
    listener.decided(outcome, sipStatus);
  }

  private void hangUpPerson() {
    personDialog.ifPresent(dialog -> {
      try {
        dialog.sendRequest(provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
      } catch (Exception e) {
        LOG.info("warm transfer: the person's leg could not be hung up: {}", e.toString());
      }
    });
    person.ifPresent(RtpChannel::close);
  }

  /** The brief in 20 ms frames, then quiet. */
  static Supplier<short[]> frames(short[] audio) {
    int frame = OutgoingAudio.FRAME_SAMPLES;
    int[] at = {0};
    return () -> {
      short[] next = Arrays.copyOfRange(audio, Math.min(at[0], audio.length), Math.min(at[0] + frame, audio.length));
      at[0] += frame;
      return next.length == frame ? next : Arrays.copyOf(next, frame);
    };
  }

  /** A call to the person that was not answered, as the transfer's outcome. */
  static WarmTransferOutcome outcomeOf(OutboundOutcome unanswered) {
    return switch (unanswered) {
      case BUSY -> WarmTransferOutcome.BUSY;
      case DECLINED -> WarmTransferOutcome.DECLINED;
      case NO_ANSWER, CANCELLED, VOICEMAIL -> WarmTransferOutcome.NO_ANSWER;
      case ANSWERED, FAILED -> WarmTransferOutcome.FAILED;
    };
  }
}
