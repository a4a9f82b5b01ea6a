package io.parley.voice.premium;

import io.parley.core.WireName;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.Wav;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Speech to text through OpenAI's {@code POST /audio/transcriptions}, which OpenAI, Groq and
 * self-hosted Whisper servers (speaches, LocalAI, vLLM) serve. The service takes whole files, not a
 * stream: each utterance is kept until it ends (its last 60 seconds), then uploaded as a WAV file,
 * and its transcript comes back as the one final transcript of the utterance (no partial ones).
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} stops the streams and their uploads.
 */
public final class OpenAiTranscription implements SpeechToText, AutoCloseable {
  /** Whisper's own rate: the servers resample anything else to it. */
  public static final int SAMPLE_RATE = 16_000;

  /** The answer to ask for: {@code verbose_json} carries what the confidence is made from, {@code json} only the text. */
  public enum ResponseFormat implements WireName {
    /** Text only; the only form gpt-4o-transcribe and some self-hosted servers give. */
    JSON,
    /** Text and segments (Whisper models at OpenAI, Groq, faster-whisper servers). */
    VERBOSE_JSON
  }

  private static final String PATH = "/audio/transcriptions";

  private final PremiumService service;
  private final ResponseFormat format;

  public OpenAiTranscription(PremiumEndpoint endpoint, ResponseFormat format) {
    this.service = new PremiumService("openai", endpoint);
    this.format = format;
  }

  @Override
  public String name() {
    return service.engine();
  }

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  /**
   * A WAV file may carry any rate, and the servers resample it to Whisper's own: audio at or below
   * that goes as it is (a phone call's 8 kHz is half the upload and no resampling here), above it
   * at Whisper's rate, as more would only make the upload larger.
   */
  @Override
  public int sampleRateFor(int audioRate) {
    return Math.min(audioRate, SAMPLE_RATE);
  }

  /** @throws IllegalStateException once the engine is closed */
  @Override
  public RecognitionStream open(TranscriptListener listener, int sampleRate) {
    if (sampleRate <= 0 || sampleRate > SAMPLE_RATE) {
      throw new IllegalArgumentException("uploads audio at up to " + SAMPLE_RATE + " Hz, not " + sampleRate);
    }
    return UtteranceUploads.open(service, sampleRate, (samples, language) -> transcribe(samples, sampleRate, language),
        listener);
  }

  @Override
  public void close() {
    service.close();
  }

  /**
   * Uploads one utterance, with its {@code language} (ISO 639-1) when the conversation has one: the
   * services then neither guess it from a few words nor transcribe into another. The answer,
   * whole, must come within the endpoint's timeout, or the
   * result fails saying so; it fails with a {@link VoiceEngineException} only, and cancelling it
   * aborts the request.
   */
  private CompletableFuture<Transcript> transcribe(short[] samples, int sampleRate, Optional<String> language) {
    MultipartForm form = new MultipartForm()
        .file("file", "utterance.wav", "audio/wav", Wav.write(new AudioChunk(samples, sampleRate)))
        .field("model", service.endpoint().model())
        .field("response_format", format.wireName());
    language.ifPresent(code -> form.field("language", code));
    HttpRequest.Builder builder = service.post(PATH, form.contentType(), form.publisher());
    service.endpoint().apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    HttpRequest request = builder.build();

    CompletableFuture<Transcript> transcript = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> exchange = service.send(request, HttpResponse.BodyHandlers.ofString());
    exchange.whenComplete((response, failure) -> {
      if (failure != null) {
        transcript.completeExceptionally(service.failed(failure, request.uri()));
      } else if (response.statusCode() / 100 != 2) {
        transcript.completeExceptionally(service.rejected(response.statusCode(), response.body()));
      } else {
        try {
          transcript.complete(TranscriptionAnswer.read(response.body()));
        } catch (IllegalArgumentException garbage) {
          transcript.completeExceptionally(new VoiceEngineException(name(), "answered garbage: " + garbage.getMessage()));
        }
      }
    });
    ScheduledFuture<?> deadline = service.schedule(
        () -> transcript.completeExceptionally(service.noAnswer(request.uri())), service.endpoint().timeout());
    transcript.whenComplete((text, failure) -> {
      deadline.cancel(false);
      exchange.cancel(true); // nothing once answered; otherwise a timeout or a cancel aborts the request
    });
    return transcript;
  }
}
