package io.parley.voice;

import io.parley.core.limits.BudgetLevel;
import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongConsumer;

/**
 * Which engines a node's calls use, what voice costs and how fast it answers, per tenant and
 * engine: audio heard and characters spoken (what premium engines bill by), the voice tier policy's
 * choices and each budgeted tenant's premium spend today, and the delays a caller feels, each
 * measured from the end of their speech, and how long a barge-in takes to silence the bot.
 */
public final class VoiceMetrics {
  private static final double[] LATENCY_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10};
  // What the node itself takes is milliseconds, its targets 20 ms: buckets around them.
  private static final double[] NODE_BUCKETS =
      {0.001, 0.0025, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1};
  private static final double[] FRAME_BUCKETS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25};

  private final Gauge engines;
  private final Gauge enginesUnavailable;
  private final Gauge activeCalls;
  private final Counter secondsHeard;
  private final Counter charactersSpoken;
  private final Counter bargeIns;
  private final Counter backchannels;
  private final Counter falseCutOffs;
  private final Histogram toFinalTranscript;
  private final Histogram toFirstToken;
  private final Histogram toFirstAudio;
  private final Histogram nodeOwn;
  private final Histogram bargeInStop;
  private final Counter tierSentences;
  private final Gauge premiumToday;
  private final Gauge budgetLevel;
  private final Counter premiumTranscription;
  private final Histogram frameProcessing;

  public VoiceMetrics(PrometheusRegistry registry) {
    engines = MetricFamilies.gauge(registry, "parley_voice_engines",
        "The engines this node's calls use, 1 for each once they are loaded, by kind (vad, stt, tts) and engine.",
        "kind", "engine");
    enginesUnavailable = MetricFamilies.gauge(registry, "parley_voice_engines_unavailable",
        "1 once this node's voice engines could not be loaded: it refuses voice calls and places none until"
            + " restarted.");
    activeCalls = MetricFamilies.gauge(registry, "parley_voice_calls",
        "Voice calls in progress on this node, by channel.", "channel");
    secondsHeard = MetricFamilies.counter(registry, "parley_voice_audio_heard_seconds_total",
        "Seconds of caller speech sent to a speech-to-text engine, by tenant and engine.", "tenant", "engine");
    charactersSpoken = MetricFamilies.counter(registry, "parley_voice_characters_spoken_total",
        "Characters sent to a text-to-speech engine, by tenant and engine.", "tenant", "engine");
    bargeIns = MetricFamilies.counter(registry, "parley_voice_barge_ins_total",
        "Answers the caller spoke over, by tenant.", "tenant");
    backchannels = MetricFamilies.counter(registry, "parley_voice_backchannels_total",
        "Backchannels (mm-hm, okay) the caller said over the bot, which did not stop it, by tenant.", "tenant");
    falseCutOffs = MetricFamilies.counter(registry, "parley_voice_false_cut_offs_total",
        "Caller turns ended and then resumed before the answer began, by tenant.", "tenant");
    toFinalTranscript = MetricFamilies.histogram(registry, "parley_voice_end_of_speech_to_transcript_seconds",
        "From the end of the caller's speech to its final transcript.", LATENCY_BUCKETS);
    toFirstToken = MetricFamilies.histogram(registry, "parley_voice_end_of_speech_to_first_token_seconds",
        "From the end of the caller's speech to the first piece of the model's answer.", LATENCY_BUCKETS);
    toFirstAudio = MetricFamilies.histogram(registry, "parley_voice_end_of_speech_to_first_audio_seconds",
        "From the end of the caller's speech to the first frame of the spoken answer sent.", LATENCY_BUCKETS);
    nodeOwn = MetricFamilies.histogram(registry, "parley_voice_node_own_seconds",
        "The node's own part of the end of speech to the first audio: what is left after the waits on the"
            + " recogniser, the model and its tools, and the synthesiser.", NODE_BUCKETS);
    tierSentences = MetricFamilies.counter(registry, "parley_voice_tier_sentences_total",
        "Sentences the voice tier policy sent to the premium or the local engine, by tenant, tier and reason.",
        "tenant", "tier", "reason");
    premiumToday = MetricFamilies.gauge(registry, "parley_voice_premium_characters_today",
        "Premium text-to-speech characters a budgeted tenant spent today (UTC), as this node last heard.", "tenant");
    budgetLevel = MetricFamilies.gauge(registry, "parley_voice_premium_budget_level_percent",
        "How much of its daily premium voice budget a tenant spent: 0, 80 (alert) or 100 (spent: local only).",
        "tenant");
    premiumTranscription = MetricFamilies.counter(registry, "parley_voice_premium_transcription_seconds_total",
        "Seconds of caller speech sent to the premium speech-to-text engine, by tenant; counted in the voice budget.",
        "tenant");
    bargeInStop = MetricFamilies.histogram(registry, "parley_voice_barge_in_stop_seconds",
        "From the caller's audio that reached the barge-in minimum reaching the node (a phone call: its packet's"
            + " arrival, or its play-out slot) to the bot's audio stopping.", NODE_BUCKETS);
    frameProcessing = MetricFamilies.histogram(registry, "parley_voice_frame_processing_seconds",
        "A caller's audio from the edge having it (a phone call: its packet's arrival, or its play-out slot when it"
            + " waited in the jitter buffer) to the call's speech pipeline having taken it, by channel.",
        FRAME_BUCKETS, "channel");
  }

  /** The engines loaded: a Silero VAD that could not load shows as {@code energy}. */
  void enginesLoaded(String voiceActivity, String speechToText, String textToSpeech) {
    engines.labelValues("vad", voiceActivity).set(1);
    engines.labelValues("stt", speechToText).set(1);
    engines.labelValues("tts", textToSpeech).set(1);
  }

  /** The engines could not be loaded: the node's voice is off until it restarts. */
  void enginesUnavailable() {
    enginesUnavailable.set(1);
  }

  void callStarted(String channel) {
    activeCalls.labelValues(channel).inc();
  }

  /** Times a channel's caller audio, {@code receivedNanos} to now; one lookup of the channel per call, not per frame. */
  LongConsumer frameTimer(String channel) {
    DistributionDataPoint child = frameProcessing.labelValues(channel);
    return receivedNanos -> child.observe(Math.max(0, System.nanoTime() - receivedNanos) / 1e9);
  }

  void callEnded(String channel) {
    activeCalls.labelValues(channel).dec();
  }

  void heard(String tenant, String engine, double seconds) {
    secondsHeard.labelValues(tenant, engine).inc(seconds);
  }

  void spoken(String tenant, String engine, int characters) {
    charactersSpoken.labelValues(tenant, engine).inc(characters);
  }

  void bargedIn(String tenant, double stopSeconds) {
    bargeIns.labelValues(tenant).inc();
    bargeInStop.observe(stopSeconds);
  }

  /** The caller said only a backchannel over the bot: it went on speaking. */
  void backchannel(String tenant) {
    backchannels.labelValues(tenant).inc();
  }

  /** The caller went on speaking soon after their turn was taken as ended, before the answer began. */
  void falseCutOff(String tenant) {
    falseCutOffs.labelValues(tenant).inc();
  }

  void tierChosen(String tenant, TierDecision decision) {
    tierSentences.labelValues(tenant, decision.premium() ? "premium" : "local", decision.reason().wireName()).inc();
  }

  void premiumSpend(String tenant, long characters, BudgetLevel level) {
    premiumToday.labelValues(tenant).set(characters);
    budgetLevel.labelValues(tenant).set(level.percent());
  }

  void premiumTranscription(String tenant, double seconds) {
    premiumTranscription.labelValues(tenant).inc(seconds);
  }

  void finalTranscript(double secondsAfterSpeech) {
    toFinalTranscript.observe(secondsAfterSpeech);
  }

  void firstToken(double secondsAfterSpeech) {
    toFirstToken.observe(secondsAfterSpeech);
  }

  void firstAudio(SpokenTurnLatency.Split split) {
    toFirstAudio.observe(split.totalSeconds());
    nodeOwn.observe(split.ownSeconds());
  }
}
