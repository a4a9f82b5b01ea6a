package io.parley.http.chat;

import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.voice.media.Pcm16;
import io.parley.http.chat.ClientOutbox.Outbound;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.http.chat.FrameCodec.Rejected;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Builds the stream of one {@code /v1/chat/ws} connection: text frames are read (bounded in
 * size), parsed, and handed to a {@link ChatConnection} actor with back-pressure; the frames it
 * emits are written back ({@link ChatSocketStage}). When either direction ends, so does the socket.
 */
public final class ChatSocket {
  /** Outgoing frames a connection may have queued before it counts as too slow and is dropped. */
  private static final int OUTBOUND_BUFFER = 1024;
  /** One second of 48 kHz audio: far more than a 20 ms frame, far less than what could hurt. */
  private static final int MAX_AUDIO_FRAME_BYTES = 96_000;
  // What an error refusing a binary frame names (ClientFrame.Audio#type).
  private static final Optional<String> AUDIO = Optional.of("audio");

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final FrameCodec codec;
  private final ChatNode node;

  public ChatSocket(ActorSystem<?> system, FrameCodec codec, ChatNode node) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.codec = codec;
    this.node = node;
  }

  /**
   * The largest WebSocket message a socket reads whole: four times the frame limit (the worst
   * UTF-8), and two audio frames, so a frame a little over either limit is still answered
   * {@code too_large}; a larger one closes the socket (1009) before it is read.
   */
  public static int maxMessageBytes(FrameCodec codec) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(4 * codec.maxFrameChars(), 2L * MAX_AUDIO_FRAME_BYTES));
  }

  /**
   * The flow of one connection ({@link ChatSocketStage}): its {@link ChatConnection} is created when
   * the socket's stream starts, not when the route runs, so a refused upgrade creates none.
   */
  public Flow<Message, Message, NotUsed> connect(Caller caller, String requestId, Optional<String> clientAddress) {
    return Flow.fromGraph(new ChatSocketStage(system, ConnectionOpening.create(caller, requestId, clientAddress, node),
        this::read, this::write, OUTBOUND_BUFFER));
  }

  private Message write(Outbound outbound) {
    return outbound instanceof Outbound.Audio audio
        ? BinaryMessage.create(ByteString.fromArrayUnsafe(audio.pcm()))
        : TextMessage.create(codec.write(((Outbound.Frame) outbound).frame()));
  }

  /** Reads one WebSocket message, keeping at most the frame limit in memory however much is sent. */
  private CompletionStage<Parsed> read(Message message) {
    if (message.isText()) {
      TextMessage text = message.asTextMessage();
      if (text.isStrict()) return CompletableFuture.completedFuture(parseBounded(text.getStrictText()));
      long limit = codec.maxFrameChars();
      return text.getStreamedText()
          .runFold(new StringBuilder(), (sb, chunk) -> sb.length() > limit ? sb : sb.append(chunk), materializer)
          .thenApply(sb -> parseBounded(sb.toString()));
    }
    BinaryMessage binary = message.asBinaryMessage();
    if (binary.isStrict()) return CompletableFuture.completedFuture(audio(binary.getStrictData()));
    return binary.getStreamedData()
        .runFold(ByteString.emptyByteString(), (all, chunk) -> all.size() > MAX_AUDIO_FRAME_BYTES ? all : all.concat(chunk),
            materializer)
        .thenApply(this::audio);
  }

  /** A binary frame is microphone audio: PCM16, so an even number of bytes, and a bounded amount of it. */
  private Parsed audio(ByteString bytes) {
    if (bytes.size() > MAX_AUDIO_FRAME_BYTES) {
      return new Rejected(ErrorCode.TOO_LARGE, "audio frame exceeds " + MAX_AUDIO_FRAME_BYTES + " bytes; send 20 ms frames",
          AUDIO, Optional.empty());
    }
    if (bytes.size() % 2 != 0) {
      return new Rejected(ErrorCode.BAD_REQUEST, "audio frames are PCM16: an even number of bytes, got " + bytes.size(),
          AUDIO, Optional.empty());
    }
    return new FrameCodec.Valid(new ClientFrame.Audio(Pcm16.fromLittleEndian(bytes.toArray())));
  }

  private Parsed parseBounded(String raw) {
    if (raw.length() > codec.maxFrameChars()) {
      return new Rejected(ErrorCode.TOO_LARGE, "frame exceeds " + codec.maxFrameChars() + " characters");
    }
    return codec.parse(raw);
  }
}
