package io.parley.voice.local;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.LeadingSilence;
import io.parley.voice.media.Pcm16;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.VoiceEngineException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sentence spoken by a synthesiser program that writes a WAV file to its standard output
 * (flite, espeak-ng): one process per sentence, never through a shell; its WAV is read from the
 * pipe and handed on in chunks as it comes, without the quiet lead-in quieter than
 * {@code leadingSilenceRms} ({@link LeadingSilence}); a cancel kills the process.
 */
final class ProgramSynthesis {
  private static final int CHUNK_BYTES = 3200;
  /** Quiet kept before a sentence's first sound, so that it does not start abruptly. */
  static final int KEPT_LEAD_MILLIS = 10;

  private ProgramSynthesis() {}

  /** What {@code program} run with {@code option} prints (its voices, say); empty when it cannot be run. */
  static String output(Path program, String option) {
    try {
      Process process = new ProcessBuilder(program.toString(), option).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * Runs {@code command} on {@code synthesis}, writing {@code input} to its standard input when
   * given (the text, where an argument could be taken for an option).
   */
  static Synthesis start(String engine, List<String> command, Optional<String> input, int leadingSilenceRms,
      Executor synthesis, SpeechListener listener) {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicReference<Process> running = new AtomicReference<>();
    synthesis.execute(() -> {
      if (cancelled.get()) return;
      try {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        running.set(process);
        if (cancelled.get()) process.destroyForcibly();
        try (OutputStream text = process.getOutputStream()) {
          if (input.isPresent()) text.write(input.get().getBytes(StandardCharsets.UTF_8));
        }
        stream(engine, process.getInputStream(), leadingSilenceRms, listener, cancelled);
        if (process.waitFor() != 0 && !cancelled.get()) {
          listener.onFailure(new VoiceEngineException(engine, engine + " exited with " + process.exitValue()));
        } else if (!cancelled.get()) {
          listener.onDone();
        }
      } catch (IOException e) {
        if (!cancelled.get()) listener.onFailure(new VoiceEngineException(engine, engine + " failed: " + e.getMessage(), e));
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
  private static void stream(String engine, InputStream wav, int leadingSilenceRms, SpeechListener listener,
      AtomicBoolean cancelled) throws IOException {
    DataInputStream in = new DataInputStream(wav);
    byte[] header = in.readNBytes(12);
    if (header.length < 12 || !new String(header, 0, 4).equals("RIFF")) throw new IOException(engine + " wrote no WAV");
    int sampleRate = 0;
    while (true) {
      byte[] chunkHeader = in.readNBytes(8);
      if (chunkHeader.length < 8) throw new IOException(engine + "'s WAV has no data");
      String id = new String(chunkHeader, 0, 4);
      int size = ByteBuffer.wrap(chunkHeader, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (id.equals("data")) break;
      byte[] body = in.readNBytes(size);
      if (id.equals("fmt ")) sampleRate = ByteBuffer.wrap(body, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
    if (sampleRate <= 0) throw new IOException(engine + "'s WAV has no format");
    LeadingSilence leadIn = new LeadingSilence(sampleRate, leadingSilenceRms, KEPT_LEAD_MILLIS);
    byte[] buffer = new byte[CHUNK_BYTES];
    int filled;
    while (!cancelled.get() && (filled = in.readNBytes(buffer, 0, buffer.length)) > 0) {
      short[] samples = leadIn.next(Pcm16.fromLittleEndian(buffer, 0, filled & ~1));
      if (samples.length > 0) listener.onAudio(new AudioChunk(samples, sampleRate));
    }
  }
}
