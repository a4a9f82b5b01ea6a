package io.parley.voice;

import io.parley.core.AsyncCause;
import io.parley.core.session.SessionId;
import io.parley.core.trace.Tracing;
import io.parley.persistence.onnx.OnnxRuntimeClosedException;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.voice.local.LocalEngines;
import io.parley.voice.local.LocalVoiceSettings;
import io.parley.voice.local.OnnxRuntimeLibraries;
import io.parley.voice.local.SileroVoiceActivity;
import io.parley.voice.cost.CallCosts;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.Pcm16;
import io.parley.voice.media.Resampler;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.TextToSpeech;
import io.parley.voice.speech.VoiceEngineException;
import io.parley.voice.media.VoiceActivityDetector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every voice call of a node shares: the engines, the turn-taking settings, the pacing and
 * the metrics, and where tenants' premium speech is counted. Edges ask it for a {@link VoiceCall} behavior to run as their child. The engines
 * load on a blocking pool, at start-up when warming up or else on the first call (a second or
 * two), so a node that never talks pays nothing for them.
 */
public final class VoiceCalls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceCalls.class);
  /** The rates a caller's audio may come at: telephony, wideband speech, and what browsers capture. */
  public static final Set<Integer> SAMPLE_RATES = Set.of(8000, 16000, 24000, 44100, 48000);

  /** The engines and whatever must be closed with them. */
  public record Loaded(CallEngines engines, AutoCloseable resources) {}

  private final Supplier<Loaded> loader;
  private final Executor blocking;
  private final CallSettings settings;
  private final VoiceMetrics metrics;
  private final PremiumVoiceBudget budget;
  private final Tracing tracing;
  private final AtomicBoolean loadStarted = new AtomicBoolean();
  private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();
  private volatile boolean failedToLoad;

  /**
   * The voice of a node: the local engines ({@code local}), the premium services its settings name
   * in front of them, and the voice-activity detector, loaded on {@code blocking} when first needed.
   */
  public static VoiceCalls create(VoiceSettings voice, LocalVoiceSettings local, DependencyBreakers breakers,
      PrometheusRegistry registry, Executor blocking, Duration askTimeout, PremiumVoiceBudget budget, Tracing tracing) {
    Supplier<Loaded> loader = () -> {
      LocalEngines inProcess = LocalEngines.load(local);
      VoiceActivityDetector vad = voiceActivity(voice.vad(), () -> {
        OnnxRuntimeLibraries.unpackInto(local.modelCacheDir());
        return SileroVoiceActivity.load(energy(voice.vad()));
      });
      AutoCloseable detector = vad instanceof SileroVoiceActivity silero ? silero : () -> { };
      try {
        VoiceEngines engines =
            VoiceEngines.create(voice, inProcess.speechToText(), inProcess.textToSpeech(), breakers, registry);
        return new Loaded(new CallEngines(engines.speechToText(), engines.textToSpeech(), inProcess.textToSpeech(), vad), () -> {
          engines.close();
          detector.close();
          inProcess.close();
        });
      } catch (RuntimeException e) {
        closeQuietly(detector);
        inProcess.close();
        throw e;
      }
    };
    return new VoiceCalls(loader, blocking, CallSettings.of(voice, askTimeout), new VoiceMetrics(registry), budget,
        tracing);
  }

  /** @param tracing where each call's spoken turns are traced (docs/tracing.md#voice-turns) */
  VoiceCalls(Supplier<Loaded> loader, Executor blocking, CallSettings settings, VoiceMetrics metrics,
      PremiumVoiceBudget budget, Tracing tracing) {
    this.loader = loader;
    this.blocking = blocking;
    this.settings = settings;
    this.metrics = metrics;
    this.budget = budget;
    this.tracing = tracing;
  }

  /**
   * The node's voice-activity detector: Silero, unless {@code vad} asks for the energy detector. A
   * Silero that cannot be loaded (ONNX Runtime's native library, or the model) leaves the node on the
   * energy detector, with one warning, rather than without voice; {@code parley_voice_engines} then
   * shows {@code vad} {@code energy}.
   */
  static VoiceActivityDetector voiceActivity(VoiceSettings.Vad vad, Supplier<? extends VoiceActivityDetector> silero) {
    if (vad.engine() == VoiceSettings.VadEngine.SILERO) {
      try {
        return silero.get();
      } catch (OnnxRuntimeClosedException stopping) {
        LOG.info("voice activity: Silero VAD was not loaded as the process is stopping; the energy detector stands in");
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("voice activity: Silero VAD could not be loaded ({}); this node's calls use the energy detector"
            + " (PARLEY_VAD_ENERGY_THRESHOLD {}) instead", why(e), vad.energyThreshold());
      }
    }
    return energy(vad);
  }

  private static EnergyVoiceActivity energy(VoiceSettings.Vad vad) {
    return new EnergyVoiceActivity(SileroVoiceActivity.SAMPLE_RATE, vad.energyThreshold());
  }

  /** What failed and, when deeper, its root cause: "could not load the model" alone says little. */
  private static String why(Throwable failure) {
    Throwable root = AsyncCause.root(failure);
    String what = AsyncCause.describe(failure);
    return root == failure ? what : what + ", " + AsyncCause.describe(root);
  }

  /** Completes once the engines are loaded (starting to load them if nobody has), or with why they cannot be. */
  public CompletionStage<Void> ready() {
    if (loadStarted.compareAndSet(false, true)) {
      try {
        CompletableFuture.supplyAsync(loader, blocking).whenComplete((engines, failure) -> {
          if (failure != null) {
            LOG.error("voice engines could not be loaded; voice calls are refused", failure);
            failedToLoad = true;
            metrics.enginesUnavailable();
            loaded.completeExceptionally(failure);
          } else {
            CallEngines each = engines.engines();
            LOG.info("voice engines loaded: voice activity {}, speech to text {}, text to speech {}",
                each.voiceActivity().name(), each.speechToText().name(), each.textToSpeech().name());
            metrics.enginesLoaded(each.voiceActivity().name(), each.speechToText().name(), each.textToSpeech().name());
            loaded.complete(engines);
          }
        });
      } catch (RejectedExecutionException stopping) {
        // The pool stops with the node: no load will come, and whoever asks now or later is told so.
        loaded.completeExceptionally(stopping);
      }
    }
    return loaded.thenApply(engines -> null);
  }

  /**
   * Whether a load of the engines has failed: the node's voice is off until it restarts. Not while
   * they load, nor before anyone asked for them, nor when the load was refused as the node stops.
   */
  public boolean unavailable() {
    return failedToLoad;
  }

  /** Where calls' costs go, and what a call refused for a spent budget hears. */
  public CallCosts costs() {
    return budget.costs();
  }

  /** A new call id: it names the call in logs and keeps its utterances' client ids apart from any other call's. */
  public static String newCallId() {
    return UUID.randomUUID().toString();
  }

  /**
   * A call to session {@code id} on {@code channel} with audio at {@code sampleRate} (one of
   * {@link #SAMPLE_RATES}), speaking only what comes after message {@code afterSeq}. Only once
   * {@link #ready()} has completed.
   */
  public Behavior<VoiceCall.Command> call(String callId, SessionId id, String channel,
      RecipientRef<SessionCommand> session, long afterSeq, int sampleRate, ActorRef<VoiceOutput> output) {
    return call(callId, id, channel, session, afterSeq, sampleRate, output, settings);
  }

  /**
   * A call whose audio goes out no more than {@code playbackLead} ahead of real time: a phone's
   * jitter buffer holds far less than a browser's.
   */
  public Behavior<VoiceCall.Command> call(String callId, SessionId id, String channel,
      RecipientRef<SessionCommand> session, long afterSeq, int sampleRate, ActorRef<VoiceOutput> output,
      Duration playbackLead) {
    return call(callId, id, channel, session, afterSeq, sampleRate, output, settings.withPlaybackLead(playbackLead));
  }

  private Behavior<VoiceCall.Command> call(String callId, SessionId id, String channel,
      RecipientRef<SessionCommand> session, long afterSeq, int sampleRate, ActorRef<VoiceOutput> output,
      CallSettings settings) {
    if (!SAMPLE_RATES.contains(sampleRate)) {
      throw new IllegalArgumentException("sampleRate must be one of " + SAMPLE_RATES + ", got " + sampleRate);
    }
    CallEngines engines = loaded.getNow(null).engines().forTenant(id.tenant(),
        budget.costs().spend().exhausted(id.tenant()));
    return VoiceCall.create(new VoiceCall.Setup(callId, id, channel, session, afterSeq, engines, settings, sampleRate,
        output, metrics, budget, tracing));
  }

  /**
   * {@code text} spoken in {@code language} by the local engine (no premium spend: what staff hear
   * is no customer's answer), as 8 kHz audio, whole; only once {@link #ready()} has completed.
   */
  public CompletionStage<short[]> spoken(String text, String language) {
    CompletableFuture<short[]> spoken = new CompletableFuture<>();
    List<short[]> audio = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    TextToSpeech local = loaded.getNow(null).engines().localTextToSpeech().speaking(language);
    local.speak(new SpeechRequest(text, Optional.empty(), 1.0, Optional.of(language)), new SpeechListener() {
      @Override
      public void onAudio(AudioChunk chunk) {
        audio.add(Resampler.resample(chunk.samples(), chunk.sampleRate(), 8000));
      }

      @Override
      public void onDone() {
        spoken.complete(Pcm16.concat(audio));
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        spoken.completeExceptionally(failure);
      }
    });
    return spoken;
  }

  /**
   * The node's local recogniser hearing audio at {@code audioRate} that is no customer's (a warm
   * transfer's person answering the brief): never the premium one, so it costs nothing; only once
   * {@link #ready()} has completed. The stream takes frames at {@code audioRate} and resamples them.
   */
  public RecognitionStream heardLocally(TranscriptListener listener, int audioRate) {
    SpeechToText hearing = loaded.getNow(null).engines().speechToText();
    SpeechToText local = hearing instanceof FallbackSpeechToText tier ? tier.tiering().local() : hearing;
    int rate = local.sampleRateFor(audioRate);
    RecognitionStream stream = local.open(listener, rate);
    UnaryOperator<short[]> resampled = Resampler.converting(audioRate, rate);
    return new RecognitionStream() {
      @Override
      public void accept(short[] frame) {
        stream.accept(resampled.apply(frame));
      }

      @Override
      public void endUtterance() {
        stream.endUtterance();
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("a voice engine did not close cleanly", e);
    }
  }

  @Override
  public void close() {
    loaded.thenAccept(engines -> closeQuietly(engines.resources()));
  }
}
