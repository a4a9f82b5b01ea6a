package io.parley.voice.premium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.premium.OpenAiTranscription.ResponseFormat;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.VoiceEngineException;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.FakeTranscriptionServer.Reply;
import io.parley.voice.testing.FakeTranscriptionServer.Upload;
import io.parley.voice.testing.TranscriptRecorder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible transcription client against a fake service speaking the real multipart and JSON formats. */
class OpenAiTranscriptionTest {
  private static final int FRAME = 320; // 20 ms at 16 kHz

  private final FakeTranscriptionServer server = FakeTranscriptionServer.start();
  private final TranscriptRecorder transcripts = new TranscriptRecorder();
  private OpenAiTranscription engine;

  @AfterEach
  void close() {
    if (engine != null) engine.close();
    server.close();
  }

  @Test
  void uploadsTheUtteranceAsAWavFileWithTheKeyAndReportsItsFinalTranscript() {
    server.requireKey("sk-test");
    RecognitionStream stream = open(server.baseUrl(), Optional.of("sk-test"), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));
    short[] spoken = speak(stream, 50, 1); // one second

    stream.endUtterance();

    Transcript transcript = transcripts.nextTranscript();
    assertEquals("heard 1000 ms", transcript.text());
    assertTrue(transcript.isFinal());
    assertEquals(Math.exp(-0.1) * 0.95, transcript.confidence(), 1e-9, "from avg_logprob and no_speech_prob");
    Upload upload = server.uploads().get(0);
    assertEquals(Optional.of("Bearer sk-test"), upload.authorization());
    assertEquals("whisper-1", upload.model());
    assertEquals("verbose_json", upload.responseFormat());
    assertEquals("utterance.wav", upload.fileName());
    assertEquals("audio/wav", upload.fileType());
    assertArrayEquals(spoken, upload.samples(), "the WAV carries exactly the frames, at 16 kHz");
    assertEquals(16_000, engine.sampleRate());
    assertEquals("openai", engine.name());
  }

  @Test
  void aPhoneCallsAudioIsUploadedAtItsOwnRate() {
    engine = engine(server.baseUrl(), Optional.empty(), ResponseFormat.JSON, Duration.ofSeconds(5));
    assertEquals(8_000, engine.sampleRateFor(8_000));
    assertEquals(16_000, engine.sampleRateFor(48_000), "more than Whisper's own rate would only be a larger upload");
    assertThrows(IllegalArgumentException.class, () -> engine.open(transcripts, 48_000));
    RecognitionStream stream = engine.open(transcripts, 8_000);
    short[] spoken = new short[8_000];
    for (int at = 0; at < spoken.length; at += 160) {
      short[] frame = new short[160];
      for (int i = 0; i < frame.length; i++) frame[i] = (short) ((at + i) * 11);
      System.arraycopy(frame, 0, spoken, at, frame.length);
      stream.accept(frame);
    }

    stream.endUtterance();

    assertEquals("heard 1000 ms", transcripts.nextTranscript().text());
    assertEquals(8_000, server.uploads().get(0).sampleRate());
    assertArrayEquals(spoken, server.uploads().get(0).samples());
  }

  @Test
  void theCallersLanguageGoesWithEachUploadOnceKnown() {
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);
    stream.endUtterance();
    transcripts.nextTranscript();

    stream.hear("de");
    speak(stream, 10, 2);
    stream.endUtterance();
    transcripts.nextTranscript();

    assertEquals(Optional.empty(), server.uploads().get(0).language(), "no language yet: the service tells it");
    assertEquals(Optional.of("de"), server.uploads().get(1).language(), "ISO-639-1, as the service takes it");
  }

  @Test
  void plainJsonHasNoConfidenceSoItIsOne() {
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);

    stream.endUtterance();

    assertEquals(new Transcript("heard 200 ms", 1.0, true), transcripts.nextTranscript());
    assertEquals("json", server.uploads().get(0).responseFormat());
  }

  @Test
  void transcriptsComeInTheOrderOfTheUtterancesWhateverOrderTheAnswersCome() {
    // The uploads run at once; the first, shorter one is answered last.
    try (FakeTranscriptionServer slowFirst = FakeTranscriptionServer.start(upload -> {
      if (upload.durationMillis() == 200) pause(Duration.ofMillis(400));
      return "heard " + upload.durationMillis() + " ms";
    })) {
      RecognitionStream stream = open(slowFirst.baseUrl(), Optional.empty(), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));

      speak(stream, 10, 1);
      stream.endUtterance();
      speak(stream, 20, 2);
      stream.endUtterance();
      stream.endUtterance(); // nothing said: an empty transcript, without a request

      assertEquals("heard 200 ms", transcripts.nextTranscript().text());
      assertEquals("heard 400 ms", transcripts.nextTranscript().text());
      assertEquals(new Transcript("", 1, true), transcripts.nextTranscript());
      assertEquals(2, slowFirst.uploads().size());
      assertFalse(transcripts.overlapped());
    }
  }

  @Test
  void aRefusalFailsTheStreamWithTheStatusAndTheServersMessage() {
    server.requireKey("sk-right");
    RecognitionStream stream = open(server.baseUrl(), Optional.of("sk-wrong"), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);

    stream.endUtterance();

    VoiceEngineException failure = transcripts.nextFailure();
    assertEquals("openai", failure.engine());
    assertEquals("openai: HTTP 401: Incorrect API key provided", failure.getMessage());
    assertFalse(failure.getMessage().contains("sk-wrong"));
    speak(stream, 10, 1);
    stream.endUtterance();
    transcripts.assertNothingFor(Duration.ofMillis(300)); // the stream is closed after its failure
  }

  @Test
  void aServerErrorWithAnHtmlPageIsReportedAsAShortExcerpt() {
    server.enqueue(new Reply.Error(502, "<html>\n<body>" + "Bad Gateway ".repeat(100) + "</body></html>"));
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);

    stream.endUtterance();

    String message = transcripts.nextFailure().getMessage();
    assertTrue(message.startsWith("openai: HTTP 502: <html> <body>Bad Gateway"), message);
    assertTrue(message.length() < 350, message);
  }

  @Test
  void garbageInsteadOfATranscriptFailsSayingSo() {
    server.enqueue(Reply.garbage("{\"transcript\":\"no text field\"}"));
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);

    stream.endUtterance();

    assertEquals("openai: answered garbage: expected a JSON object with a \"text\" field, got: "
        + "{\"transcript\":\"no text field\"}", transcripts.nextFailure().getMessage());
  }

  @Test
  void noAnswerWithinTheTimeoutFailsSayingSo() {
    RecognitionStream stream = speakingToAServiceThatHangs(Duration.ofMillis(300));
    long start = System.nanoTime();

    stream.endUtterance();

    String message = transcripts.nextFailure().getMessage();
    assertEquals("openai: no answer from " + server.baseUrl() + "/audio/transcriptions within 300 ms", message);
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
  }

  @Test
  void anUnreachableServiceFailsSayingWhy() throws IOException {
    URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/v1");
    RecognitionStream stream = open(nobody, Optional.empty(), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);

    stream.endUtterance();

    String message = transcripts.nextFailure().getMessage();
    assertTrue(message.startsWith("openai: request to " + nobody + "/audio/transcriptions failed: "), message);
    assertTrue(message.contains("Connect"), message);
  }

  @Test
  void anUtteranceLongerThanAMinuteLosesItsStartNotItsEnd() {
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.JSON, Duration.ofSeconds(10));
    short[] spoken = speak(stream, 61 * 50, 1);

    stream.endUtterance();

    assertEquals("heard 60000 ms", transcripts.nextTranscript().text());
    short[] uploaded = server.uploads().get(0).samples();
    assertEquals(spoken[spoken.length - 1], uploaded[uploaded.length - 1]);
    assertEquals(spoken[50 * FRAME], uploaded[0], "the first second went");
  }

  @Test
  void closingTheStreamCancelsItsUploadAndSilencesIt() {
    server.enqueue(Reply.late(Duration.ofMillis(300), Reply.transcript("too late")));
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.VERBOSE_JSON, Duration.ofSeconds(5));
    speak(stream, 10, 1);
    stream.endUtterance();

    stream.close();
    stream.close();

    transcripts.assertNothingFor(Duration.ofMillis(600));
  }

  @Test
  void closingTheEngineStopsItsStreamsAndRefusesNewOnes() {
    RecognitionStream stream = speakingToAServiceThatHangs(Duration.ofSeconds(5));
    stream.endUtterance();

    engine.close();

    transcripts.assertNothingFor(Duration.ofMillis(300));
    assertThrows(IllegalStateException.class, () -> engine.open(new TranscriptRecorder()));
  }

  /** A stream of an engine with {@code timeout} that has spoken ten frames, whose service never answers. */
  private RecognitionStream speakingToAServiceThatHangs(Duration timeout) {
    server.enqueue(Reply.hang());
    RecognitionStream stream = open(server.baseUrl(), Optional.empty(), ResponseFormat.VERBOSE_JSON, timeout);
    speak(stream, 10, 1);
    return stream;
  }

  /** Opens a stream of a new engine, kept in {@link #engine} so that the test closes it. */
  private RecognitionStream open(URI baseUrl, Optional<String> key, ResponseFormat format, Duration timeout) {
    engine = engine(baseUrl, key, format, timeout);
    return engine.open(transcripts);
  }

  static OpenAiTranscription engine(URI baseUrl, Optional<String> key, ResponseFormat format, Duration timeout) {
    return new OpenAiTranscription(new PremiumEndpoint(baseUrl, "whisper-1", key, timeout), format);
  }

  /** Feeds {@code frames} frames of 20 ms, each filled from its position and {@code seed}, and returns the samples. */
  static short[] speak(RecognitionStream stream, int frames, int seed) {
    short[] all = new short[frames * FRAME];
    for (int f = 0; f < frames; f++) {
      short[] frame = new short[FRAME];
      for (int i = 0; i < FRAME; i++) {
        frame[i] = (short) ((f * FRAME + i) * 31 + seed * 1000);
      }
      System.arraycopy(frame, 0, all, f * FRAME, FRAME);
      stream.accept(frame);
    }
    return all;
  }

  /** A slow answer of the fake server. */
  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
