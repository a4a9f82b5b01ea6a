package io.parley.voice.local;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.parley.persistence.onnx.OnnxRuntimeClosedException;
import io.parley.persistence.onnx.OnnxRuntimeGate;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.VoiceActivityDetector;
import io.parley.voice.media.VoiceActivityStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Voice-activity detection with Silero VAD v5, a small neural network (2.3 MB, MIT) run by ONNX
 * Runtime in-process: it tells speech from noise, music and breathing far better than loudness,
 * at about a millisecond per 32 ms window. One session (the model) for the node; each stream keeps
 * the network's recurrent state and the last 64 samples, which v5 wants before every window.
 *
 * <p>Silence is not given to the network: once a caller has been quiet (below about -60 dBFS, under
 * any talker and about a phone line's own noise) for 1.5 s, each quiet window is answered 0 at
 * once, and the network goes on from the state those 1.5 s of quiet left it in when sound comes
 * back, which more quiet would hardly change (a fresh state, as at a call's start, heard the first
 * syllable after a silence worse: "no thanks" became "banks" in PhoneEndToEndTest). A
 * caller listens to the bot for most of a call, and an inference for every 32 ms of it was the
 * first cost per call on two cores (docs/performance.md). 1.5 s is well past the silence that
 * ends an utterance (600 ms by default), so pauses within one stay with the network and an
 * utterance is judged as before.
 *
 * <p>Every call into ONNX Runtime passes an {@link OnnxRuntimeGate}. Once a stopping process has
 * closed it, a stream judges by loudness alone (the energy detector it was given), which the
 * calls still draining then hear by.
 *
 * @param gate every call into ONNX Runtime passes it
 * @param session the loaded network, shared by the node's streams
 * @param whenStopping the loudness detector streams judge by once {@code gate} has closed
 */
public record SileroVoiceActivity(OnnxRuntimeGate gate, OrtSession session, EnergyVoiceActivity whenStopping)
    implements VoiceActivityDetector, AutoCloseable {
  public static final int SAMPLE_RATE = 16_000;
  private static final int WINDOW = 512;
  private static final int CONTEXT = 64;
  private static final String MODEL = "silero_vad.onnx";
  /** A window's RMS below this (of full scale 1) is quiet: about -60 dBFS. */
  private static final double QUIET_RMS = 33 / 32768.0;
  /** Quiet windows in a row (~1.5 s) after which the network rests until sound comes back. */
  static final int QUIET_WINDOWS_TO_REST = 47;

  /** Loads the bundled model, through the JVM's gate; streams judge by {@code whenStopping} once it closes. */
  public static SileroVoiceActivity load(EnergyVoiceActivity whenStopping) {
    byte[] model;
    try (InputStream in = SileroVoiceActivity.class.getResourceAsStream(MODEL)) {
      if (in == null) throw new IOException(MODEL + " is missing from the classpath");
      model = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the Silero model could not be read", e);
    }
    return load(model, OnnxRuntimeGate.jvm(), whenStopping);
  }

  /**
   * Loads a Silero VAD v5 model from its bytes. Fails when ONNX Runtime's native library cannot be
   * loaded (an {@link Error}) or the model is not one it can run.
   *
   * @throws OnnxRuntimeClosedException when {@code gate} is closed: the process is stopping
   */
  public static SileroVoiceActivity load(byte[] model, OnnxRuntimeGate gate, EnergyVoiceActivity whenStopping) {
    try {
      OrtSession session = gate.use(environment -> {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
          // One thread per inference: calls run in parallel on the callers' threads instead.
          options.setIntraOpNumThreads(1);
          options.setInterOpNumThreads(1);
          return environment.createSession(model, options);
        }
      });
      return new SileroVoiceActivity(gate, session, whenStopping);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load the Silero model", e);
    }
  }

  @Override
  public String name() {
    return "silero";
  }

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  @Override
  public VoiceActivityStream open() {
    return new Stream();
  }

  @Override
  public void close() {
    try {
      gate.use(environment -> {
        session.close();
        return null;
      });
    } catch (OnnxRuntimeClosedException stopping) {
      // The process is exiting, and its native memory with it.
    } catch (OrtException e) {
      throw new IllegalStateException("the Silero session did not close", e);
    }
  }

  /** One caller: 20 ms frames in, buffered into 32 ms windows; the latest window's probability out. */
  final class Stream implements VoiceActivityStream {
    private final float[] input = new float[CONTEXT + WINDOW];
    private int filled = CONTEXT;
    private final float[] state = new float[2 * 128];
    private double probability;
    private int quietWindows;
    private long inferences;

    @Override
    public double speechProbability(short[] frame) {
      if (gate.isClosed()) return whenStopping.probability(frame);
      for (short sample : frame) {
        input[filled++] = sample / 32768f;
        if (filled == input.length) {
          probability = judge();
          System.arraycopy(input, WINDOW, input, 0, CONTEXT);
          filled = CONTEXT;
        }
      }
      return probability;
    }

    /** Windows the network was asked about, for tests. */
    long inferences() {
      return inferences;
    }

    private double judge() {
      quietWindows = isQuiet() ? quietWindows + 1 : 0;
      return quietWindows < QUIET_WINDOWS_TO_REST ? infer() : 0;
    }

    private boolean isQuiet() {
      double sum = 0;
      for (int i = CONTEXT; i < input.length; i++) sum += input[i] * input[i];
      return Math.sqrt(sum / WINDOW) < QUIET_RMS;
    }

    private double infer() {
      try {
        double speech = gate.use(this::infer);
        inferences++;
        return speech;
      } catch (OnnxRuntimeClosedException stopping) {
        // The gate closed since this frame began: the next frames are judged by loudness.
        return probability;
      } catch (OrtException e) {
        throw new IllegalStateException("Silero inference failed", e);
      }
    }

    private double infer(OrtEnvironment environment) throws OrtException {
      try (OnnxTensor audio = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), new long[] {1, input.length});
          OnnxTensor recurrent = OnnxTensor.createTensor(environment, FloatBuffer.wrap(state), new long[] {2, 1, 128});
          OnnxTensor rate = OnnxTensor.createTensor(environment, (long) SAMPLE_RATE);
          OrtSession.Result result = session.run(Map.of("input", audio, "state", recurrent, "sr", rate))) {
        float[][] output = (float[][]) result.get("output").orElseThrow().getValue();
        float[][][] next = (float[][][]) result.get("stateN").orElseThrow().getValue();
        for (int layer = 0; layer < 2; layer++) System.arraycopy(next[layer][0], 0, state, layer * 128, 128);
        return output[0][0];
      }
    }

    @Override
    public void close() {}
  }
}
