package io.parley.voice.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.Pcm16;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import io.parley.voice.testing.LogCapture;
import io.parley.voice.testing.SpeechRecorder;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local tier for real: FreeTTS speaks, Vosk hears what it said, both in-process. */
class LocalEnginesTest {
  private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "parley-models");
  private static LocalEngines engines;
  private static TextToSpeech tts;
  private static VoskSpeechToText stt;

  @BeforeAll
  static void load() {
    engines = LocalEngines.load(new LocalVoiceSettings(Optional.empty(), CACHE, LocalSpeechEngine.FREETTS, "slt", 100));
    tts = engines.textToSpeech();
    stt = engines.speechToText();
  }

  @AfterAll
  static void unload() {
    engines.close();
  }

  @Test
  void freeTtsSpeaksAndVoskHearsItUtteranceByUtterance() throws Exception {
    short[] question = TestSpeech.say("What is the status of my ticket?", 16_000);
    assertTrue(question.length > FreeTtsTextToSpeech.SAMPLE_RATE, "over a second of speech: " + question.length);
    short[] second = TestSpeech.say("I would like to speak to a person.", 16_000);

    BlockingQueue<Transcript> heard = new LinkedBlockingQueue<>();
    RecognitionStream stream = stt.open(new TranscriptListener() {
      @Override
      public void onTranscript(Transcript transcript) {
        heard.add(transcript);
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        heard.add(new Transcript("FAILED " + failure.getMessage(), 0, true));
      }
    });
    feed(stream, question);
    stream.endUtterance();
    feed(stream, second);
    stream.endUtterance();

    List<Transcript> finals = new ArrayList<>();
    boolean partialSeen = false;
    while (finals.size() < 2) {
      Transcript t = heard.poll(20, TimeUnit.SECONDS);
      assertTrue(t != null, "no transcript in time; finals so far " + finals);
      if (t.isFinal()) finals.add(t); else partialSeen = true;
    }
    stream.close();
    assertTrue(partialSeen, "partial guesses come before the final");
    String first = finals.get(0).text().toLowerCase(Locale.ROOT);
    assertTrue(first.contains("status") && first.contains("ticket"), first);
    String then = finals.get(1).text().toLowerCase(Locale.ROOT);
    assertTrue(then.contains("speak") && then.contains("person"), then);
    assertTrue(finals.get(0).confidence() > 0.5, "confidence " + finals.get(0).confidence());
  }

  @Test
  void voskSaysWhenTheSpeakerStopsAndTheUtterancesTranscriptKeepsAllItHeard() throws Exception {
    short[] question = TestSpeech.say("Where is my parcel?", 16_000);
    PausesAndFinals heard = new PausesAndFinals();
    RecognitionStream stream = stt.open(heard);
    // The question and a second of silence as a caller sends them, in real time: a pause is told at
    // the live edge only (fed at once, Vosk may reach its endpoint while still behind the audio).
    for (int offset = 0; offset < question.length + 16_000; offset += 320) {
      if (offset >= question.length && heard.paused.isDone()) break;
      stream.accept(offset < question.length
          ? Arrays.copyOfRange(question, offset, Math.min(offset + 320, question.length)) : new short[320]);
      Thread.sleep(20); // 320 samples are 20 ms of audio: fed as a caller speaks
    }
    heard.paused.get(20, TimeUnit.SECONDS);
    assertTrue(heard.finals.isEmpty(), "the pause is no transcript of its own: " + heard.finals);
    stream.endUtterance();
    Transcript result = heard.finals.poll(20, TimeUnit.SECONDS);
    stream.close();
    assertTrue(result != null && result.text().contains("parcel"), "the final keeps what came before the pause: " + result);
  }

  @Test
  void aPauseVoskFindsInAudioFarBehindTheLiveEdgeIsNotTold() throws Exception {
    short[] question = TestSpeech.say("Where is my parcel?", 16_000);
    PausesAndFinals heard = new PausesAndFinals();
    RecognitionStream stream = stt.open(heard);
    // A replay after a fallback: a question, a second of silence and the question again, all at once.
    feed(stream, question);
    feed(stream, new short[16_000]);
    feed(stream, question);
    stream.endUtterance();
    Transcript result = heard.finals.poll(20, TimeUnit.SECONDS);
    stream.close();
    assertTrue(result != null && result.text().contains("parcel"), "heard: " + result);
    assertTrue(!heard.paused.isDone(), "the pause in the middle was seconds behind the audio given");
  }

  @Test
  void fliteWhereInstalledSpeaksInChunksThatVoskUnderstands() throws Exception {
    // .ci/run installs flite, as it does Chromium: never skipped.
    FliteTextToSpeech flite = FliteTextToSpeech.ifInstalled("slt", 100, Executors.newSingleThreadExecutor())
        .orElseThrow(() -> new AssertionError("flite with the voice slt is not installed: apt-get install -y flite"));
    SpeechRecorder recorder = new SpeechRecorder();
    flite.speak(SpeechRequest.of("Where is my parcel? It should have arrived yesterday."), recorder);
    recorder.awaitDone();
    List<AudioChunk> chunks = recorder.chunks();
    assertTrue(chunks.size() > 5, "in chunks, not one piece: " + chunks.size());
    assertEquals(16_000, chunks.get(0).sampleRate(), "slt speaks at 16 kHz");
    short[] speech = recorder.samples();
    PausesAndFinals heard = new PausesAndFinals();
    RecognitionStream stream = stt.open(heard);
    feed(stream, speech);
    stream.endUtterance();
    Transcript result = heard.finals.poll(20, TimeUnit.SECONDS);
    stream.close();
    assertTrue(result != null && result.text().contains("where is my") && result.text().contains("arrived yesterday"),
        "heard: " + result);
  }

  @Test
  void espeakSpeaksTheLanguagesTheEnglishVoiceDoesNot() {
    assertTrue(tts.speaks("de") && tts.speaks("fr"), "espeak-ng is installed (apt-get install espeak-ng)");
    assertEquals("espeak-ng", tts.speaking("de").name());
    assertEquals("freetts", tts.speaking("en").name(), "English stays with the English voice");
    assertFalse(tts.speaking("en").speaks("de"));

    SpeechRecorder german = new SpeechRecorder();
    tts.speak(new SpeechRequest("Ihre Bestellung ist unterwegs.", Optional.empty(), 1.0, Optional.of("de")), german);
    german.awaitDone();
    short[] samples = german.samples();
    int rate = german.chunks().get(0).sampleRate();
    assertEquals(22_050, rate, "espeak-ng's own rate; the call resamples it");
    assertTrue(samples.length > rate, "over a second of speech: " + samples.length);
    double rms = Pcm16.rms(samples);
    assertTrue(rms > 300, "speech, not silence: RMS " + rms);
  }

  @Test
  void aStreamHearsTheCallersLanguageWithThatLanguagesModel() throws Exception {
    // No German Vosk model on this machine: a link to the English one stands in for it, so that the
    // model taken is told by its directory.
    Path english = Files.list(CACHE).filter(dir -> dir.getFileName().toString().startsWith("vosk-model-en-us-"))
        .filter(dir -> Files.exists(dir.resolve(".complete"))).findFirst().orElseThrow();
    Path german = Files.createTempDirectory("parley-vosk-de").resolve("vosk-model-small-de");
    Files.createSymbolicLink(german, english);
    try (LocalEngines withGerman = LocalEngines.load(new LocalVoiceSettings(Optional.empty(), CACHE,
        LocalSpeechEngine.FREETTS, "slt", 100, Map.of("de", german)));
        LogCapture log = new LogCapture(VoskStream.class)) {
      VoskSpeechToText hearing = withGerman.speechToText();
      assertTrue(hearing.hears("de") && hearing.hears("en"));
      assertFalse(hearing.hears("fr"), "no model for French");
      PausesAndFinals heard = new PausesAndFinals();
      RecognitionStream stream = hearing.open(heard);
      stream.hear("de");
      feed(stream, TestSpeech.say("Where is my parcel?", 16_000));
      stream.endUtterance();
      Transcript result = heard.finals.poll(20, TimeUnit.SECONDS);
      stream.close();
      assertTrue(result != null && result.text().contains("parcel"), "heard: " + result);
      assertEquals(List.of("vosk hears the caller with the model in " + german), log.at(Level.INFO));
    }
  }

  @Test
  void flitesQuietLeadInIsCutButTenMilliseconds() {
    String sentence = "Your order left our warehouse on Monday.";
    short[] raw = fliteSays(sentence, 0);
    short[] trimmed = fliteSays(sentence, 100);
    long rawLead = quietLeadMillis(raw);
    assertTrue(rawLead >= 150, "flite starts with " + rawLead + " ms of quiet");
    assertTrue(quietLeadMillis(trimmed) <= ProgramSynthesis.KEPT_LEAD_MILLIS, "then " + quietLeadMillis(trimmed) + " ms");
    assertArrayEquals(Arrays.copyOfRange(raw, raw.length - trimmed.length, raw.length), trimmed,
        "the rest of the sentence is untouched");
    System.out.printf("flite's lead-in of %d ms is cut to %d ms%n", rawLead, quietLeadMillis(trimmed));
  }

  private static short[] fliteSays(String text, int leadingSilenceRms) {
    FliteTextToSpeech flite = FliteTextToSpeech.ifInstalled("slt", leadingSilenceRms, Executors.newSingleThreadExecutor())
        .orElseThrow(() -> new AssertionError("flite with the voice slt is not installed: apt-get install -y flite"));
    SpeechRecorder recorder = new SpeechRecorder();
    flite.speak(SpeechRequest.of(text), recorder);
    recorder.awaitDone();
    return recorder.samples();
  }

  /** Milliseconds before the first 5 ms (at 16 kHz) as loud as an RMS of 100. */
  private static long quietLeadMillis(short[] samples) {
    int window = 80;
    int start = 0;
    while (start + window <= samples.length
        && Pcm16.rms(Arrays.copyOfRange(samples, start, start + window)) < 100) start += window;
    return start / 16;
  }

  @Test
  void aCancelledSynthesisSaysNothingMoreAndAClosedStreamIsSafe() throws Exception {
    List<AudioChunk> after = new ArrayList<>();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Synthesis synthesis = tts.speak(SpeechRequest.of("This sentence is cancelled before it can be spoken at all."),
        new SpeechListener() {
          @Override
          public void onAudio(AudioChunk chunk) {
            after.add(chunk);
          }

          @Override
          public void onDone() {
            ended.complete(null);
          }

          @Override
          public void onFailure(VoiceEngineException failure) {
            ended.complete(null);
          }
        });
    synthesis.cancel();
    Thread.sleep(1_000); // time for a listener call that must not come
    assertFalse(ended.isDone(), "no listener call after a cancel");

    RecognitionStream stream = stt.open(new TranscriptListener() {
      @Override
      public void onTranscript(Transcript transcript) {}

      @Override
      public void onFailure(VoiceEngineException failure) {}
    });
    feed(stream, TestSpeech.say("Frames still queued when the stream closes.", 16_000));
    stream.endUtterance();
    stream.close();
    stream.close();
    stream.accept(new short[320]);
  }

  private static void feed(RecognitionStream stream, short[] speech) {
    for (int offset = 0; offset < speech.length; offset += 320) {
      stream.accept(Arrays.copyOfRange(speech, offset, Math.min(offset + 320, speech.length)));
    }
    for (int i = 0; i < 20; i++) stream.accept(new short[320]);
  }

  /** Keeps a stream's final transcripts and whether the engine heard the speaker stop. */
  private static final class PausesAndFinals implements TranscriptListener {
    private final CompletableFuture<Void> paused = new CompletableFuture<>();
    private final BlockingQueue<Transcript> finals = new LinkedBlockingQueue<>();

    @Override
    public void onTranscript(Transcript transcript) {
      if (transcript.isFinal()) finals.add(transcript);
    }

    @Override
    public void onFailure(VoiceEngineException failure) {
      paused.completeExceptionally(failure);
    }

    @Override
    public void onSpeakerPaused() {
      paused.complete(null);
    }
  }
}
