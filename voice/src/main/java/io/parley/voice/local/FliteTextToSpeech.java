package io.parley.voice.local;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.LeadingSilence;
import io.parley.voice.media.Pcm16;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import io.parley.voice.speech.VoiceEngineException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Local text-to-speech with the {@code flite} program (Debian package {@code flite}), where it is
 * installed: better voices than FreeTTS (slt, rms, awb) at a similar speed, tens of milliseconds
 * per sentence. One process per sentence; its WAV output is read from a pipe and handed on in
 * chunks, without the 200 ms or so of quiet flite starts each sentence with ({@link LeadingSilence}:
 * the caller would wait through it before the answer starts; the quiet at a sentence's end still
 * parts it from the next); a cancel kills the process. The text is passed as one argument, never
 * through a shell.
 */
final class FliteTextToSpeech implements TextToSpeech {
  private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/flite"), Path.of("/usr/local/bin/flite"));
  private static final int CHUNK_BYTES = 3200;
  /** Quiet kept before a sentence's first sound, so that it does not start abruptly. */
  static final int KEPT_LEAD_MILLIS = 10;

  private final Path program;
  private final String voice;
  private final int leadingSilenceRms;
  private final Executor synthesis;

  private FliteTextToSpeech(Path program, String voice, int leadingSilenceRms, Executor synthesis) {
    this.program = program;
    this.voice = voice;
    this.leadingSilenceRms = leadingSilenceRms;
    this.synthesis = synthesis;
  }

  /**
   * The engine when flite is installed and has {@code voice} (e.g. {@code slt}); empty otherwise.
   * A sentence's lead-in quieter than {@code leadingSilenceRms} is cut (0: kept).
   */
  static Optional<FliteTextToSpeech> ifInstalled(String voice, int leadingSilenceRms, Executor synthesis) {
    return LOCATIONS.stream().filter(Files::isExecutable).findFirst()
        .filter(program -> voices(program).contains(voice))
        .map(program -> new FliteTextToSpeech(program, voice, leadingSilenceRms, synthesis));
  }

  private static List<String> voices(Path program) {
    try {
      Process process = new ProcessBuilder(program.toString(), "-lv").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      process.waitFor(5, TimeUnit.SECONDS);
      return List.of(out.replace("Voices available:", "").trim().split("\\s+"));
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  @Override
  public String name() {
    return "flite";
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicReference<Process> running = new AtomicReference<>();
    synthesis.execute(() -> {
      if (cancelled.get()) return;
      try {
        Process process = new ProcessBuilder(program.toString(), "-voice", voice,
            "--setf", "duration_stretch=" + (1 / request.speed()), "-t", request.text(), "-o", "/dev/stdout")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        running.set(process);
        if (cancelled.get()) process.destroyForcibly();
        stream(process.getInputStream(), leadingSilenceRms, listener, cancelled);
        if (process.waitFor() != 0 && !cancelled.get()) {
          listener.onFailure(new VoiceEngineException(name(), "flite exited with " + process.exitValue()));
        } else if (!cancelled.get()) {
          listener.onDone();
        }
      } catch (IOException e) {
        if (!cancelled.get()) listener.onFailure(new VoiceEngineException(name(), "flite failed: " + e.getMessage(), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return () -> {
      cancelled.set(true);
      Optional.ofNullable(running.get()).ifPresent(Process::destroyForcibly);
    };
  }

  /** Reads the WAV header for the rate, then the samples in chunks as they come through the pipe. */
  private static void stream(InputStream wav, int leadingSilenceRms, SpeechListener listener, AtomicBoolean cancelled)
      throws IOException {
    DataInputStream in = new DataInputStream(wav);
    byte[] header = in.readNBytes(12);
    if (header.length < 12 || !new String(header, 0, 4).equals("RIFF")) throw new IOException("flite wrote no WAV");
    int sampleRate = 0;
    while (true) {
      byte[] chunkHeader = in.readNBytes(8);
      if (chunkHeader.length < 8) throw new IOException("flite's WAV has no data");
      String id = new String(chunkHeader, 0, 4);
      int size = ByteBuffer.wrap(chunkHeader, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (id.equals("data")) break;
      byte[] body = in.readNBytes(size);
      if (id.equals("fmt ")) sampleRate = ByteBuffer.wrap(body, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
    if (sampleRate <= 0) throw new IOException("flite's WAV has no format");
    LeadingSilence leadIn = new LeadingSilence(sampleRate, leadingSilenceRms, KEPT_LEAD_MILLIS);
    byte[] buffer = new byte[CHUNK_BYTES];
    int filled;
    while (!cancelled.get() && (filled = in.readNBytes(buffer, 0, buffer.length)) > 0) {
      short[] samples = leadIn.next(Pcm16.fromLittleEndian(buffer, 0, filled & ~1));
      if (samples.length > 0) listener.onAudio(new AudioChunk(samples, sampleRate));
    }
  }
}
