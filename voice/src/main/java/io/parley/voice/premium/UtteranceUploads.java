package io.parley.voice.premium;

import io.parley.core.AsyncCause;
import io.parley.voice.media.UtteranceBuffer;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's stream to a service that transcribes whole files ({@link OpenAiTranscription}): the
 * utterance in progress is kept, and uploaded when it ends. The caller goes on speaking meanwhile, so several uploads may be under
 * way; their transcripts are reported in the order of the utterances. The first upload that fails
 * ends the stream: the listener hears that failure, and nothing after it.
 *
 * <p>The stream's state is guarded by this object's lock, but the listener is called outside it:
 * the stream's owner feeds and closes it under a lock of its own, which the listener takes too, so
 * calling out under this lock would take the two in the opposite order. One thread at a time
 * reports, so the listener hears one call at a time, in the utterances' order; a report taken just
 * before {@link #close()} may still arrive after it, which the owner's listener ignores.
 */
final class UtteranceUploads implements RecognitionStream {
  private static final Logger LOG = LoggerFactory.getLogger(UtteranceUploads.class);
  private static final Transcript SILENCE = new Transcript("", 1, true);
  /** Longer utterances lose their start: services take files of 25 MB at most, and nobody speaks this long in one breath. */
  static final Duration MAX_UTTERANCE = Duration.ofSeconds(60);

  private final PremiumService service;
  private final BiFunction<short[], Optional<String>, CompletableFuture<Transcript>> transcribe;
  private final TranscriptListener listener;
  private final Runnable onEngineClose = this::close;

  private final UtteranceBuffer utterance; // guarded by this
  private final ArrayDeque<CompletableFuture<Transcript>> uploads = new ArrayDeque<>(); // guarded by this
  private Optional<String> language = Optional.empty(); // guarded by this
  private boolean closed; // guarded by this
  private boolean reporting; // guarded by this: a thread is calling the listener

  private UtteranceUploads(PremiumService service, int sampleRate,
      BiFunction<short[], Optional<String>, CompletableFuture<Transcript>> transcribe, TranscriptListener listener) {
    this.service = service;
    this.transcribe = transcribe;
    this.listener = listener;
    this.utterance = new UtteranceBuffer(sampleRate, MAX_UTTERANCE);
  }

  /**
   * @param transcribe uploads one utterance's samples in the caller's language, when known; fails with
   *     a {@link VoiceEngineException} only
   * @throws IllegalStateException once the engine is closed
   */
  static UtteranceUploads open(PremiumService service, int sampleRate,
      BiFunction<short[], Optional<String>, CompletableFuture<Transcript>> transcribe, TranscriptListener listener) {
    UtteranceUploads stream = new UtteranceUploads(service, sampleRate, transcribe, listener);
    service.started(stream.onEngineClose);
    return stream;
  }

  @Override
  public synchronized void accept(short[] frame) {
    if (closed) return;
    if (utterance.add(frame)) {
      LOG.warn("{}: an utterance is longer than {} s; its oldest audio is dropped", service.engine(),
          MAX_UTTERANCE.toSeconds());
    }
  }

  @Override
  public void endUtterance() {
    CompletableFuture<Transcript> upload;
    synchronized (this) {
      if (closed) return;
      // Even silence answers from an engine thread: the caller may hold locks of its own here.
      upload = utterance.isEmpty()
          ? new CompletableFuture<Transcript>().completeAsync(() -> SILENCE, service.engineThread())
          : transcribe.apply(utterance.samples(), language);
      utterance.clear();
      uploads.addLast(upload);
    }
    upload.whenComplete((transcript, failure) -> reportSettled());
  }

  @Override
  public synchronized void hear(String language) {
    this.language = Optional.of(language);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    uploads.forEach(upload -> upload.cancel(true));
    uploads.clear();
    utterance.clear();
    service.finished(onEngineClose);
  }

  /**
   * Reports the uploads that have settled, oldest first, up to the first one still running. A
   * thread that finds another reporting leaves its uploads to it: that one looks again before it stops.
   */
  private void reportSettled() {
    synchronized (this) {
      if (reporting) return;
      reporting = true;
    }
    while (true) {
      List<CompletableFuture<Transcript>> settled = new ArrayList<>();
      synchronized (this) {
        while (!closed && !uploads.isEmpty() && uploads.peekFirst().isDone()) settled.add(uploads.removeFirst());
        if (settled.isEmpty()) {
          reporting = false;
          return;
        }
      }
      for (CompletableFuture<Transcript> upload : settled) {
        Transcript transcript;
        try {
          transcript = upload.join();
        } catch (CompletionException failed) {
          close();
          listener.onFailure((VoiceEngineException) AsyncCause.of(failed)); // transcribe fails with nothing else
          return;
        }
        listener.onTranscript(transcript);
      }
    }
  }
}
