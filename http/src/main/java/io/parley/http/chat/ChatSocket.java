package io.parley.http.chat;

import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.core.voice.Pcm16;
import io.parley.http.chat.ChatConnection.Outbound;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.http.chat.FrameCodec.Rejected;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * Builds the stream of one {@code /v1/chat/ws} connection: text frames are read (bounded in
 * size), parsed, and handed to a {@link ChatConnection} actor with back-pressure; the frames it
 * emits are written back. The two directions are coupled: when either ends, so does the socket.
 */
public final class ChatSocket {
  /** Outgoing frames a connection may have queued before it counts as too slow and is dropped. */
  private static final int OUTBOUND_BUFFER = 1024;
  /** One second of 48 kHz audio: far more than a 20 ms frame, far less than what could hurt. */
  private static final int MAX_AUDIO_FRAME_BYTES = 96_000;

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
   * The flow of one connection. Built when the socket's stream starts, not when the route runs:
   * a plain GET of the endpoint is rejected without a connection actor ever existing.
   */
  public Flow<Message, Message, CompletionStage<NotUsed>> connect(Caller caller, String requestId,
      Optional<String> clientAddress) {
    return Flow.fromMaterializer((materializer, attributes) -> open(caller, requestId, clientAddress));
  }

  private Flow<Message, Message, NotUsed> open(Caller caller, String requestId, Optional<String> clientAddress) {
    ActorRef<ChatConnection.Command> connection = system.systemActorOf(
        ChatConnection.create(caller, requestId, clientAddress, node), "chat-" + UUID.randomUUID(), Props.empty());

    Sink<Message, NotUsed> in = Flow.of(Message.class)
        .mapAsync(1, this::read)
        .to(ActorSink.actorRefWithBackpressure(
            connection,
            (ActorRef<ChatConnection.Ack> ackTo, Parsed parsed) -> new ChatConnection.Inbound(parsed, ackTo),
            ChatConnection.StreamStarted::new,
            ChatConnection.Ack.NEXT,
            new ChatConnection.StreamEnded(),
            ChatConnection.StreamFailed::new));
    // Materialized with the socket's own stream, not beforehand: a source of its own would run in
    // an actor and a publisher of its own, for every idle socket. Done travels through the buffer
    // like a frame, so every frame queued before it is written first.
    Source<Message, NotUsed> out = ActorSource.<Outbound>actorRef(
            o -> false, o -> Optional.empty(), OUTBOUND_BUFFER, OverflowStrategy.fail())
        // A buffer that grows when frames queue up, rather than an array of OUTBOUND_BUFFER per idle socket.
        .addAttributes(ActorAttributes.maxFixedBufferSize(OUTBOUND_BUFFER))
        .mapMaterializedValue(ref -> {
          connection.tell(new ChatConnection.OutboundOpened(ref));
          return NotUsed.getInstance();
        })
        .takeWhile(o -> !(o instanceof Outbound.Done))
        .map(o -> o instanceof Outbound.Audio audio
            ? (Message) BinaryMessage.create(ByteString.fromArrayUnsafe(audio.pcm()))
            : (Message) TextMessage.create(codec.write(((Outbound.Frame) o).frame())));
    return Flow.fromSinkAndSourceCoupled(in, out);
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
      return new Rejected(ErrorCode.TOO_LARGE, "audio frame exceeds " + MAX_AUDIO_FRAME_BYTES + " bytes; send 20 ms frames");
    }
    if (bytes.size() % 2 != 0) {
      return new Rejected(ErrorCode.BAD_REQUEST, "audio frames are PCM16: an even number of bytes, got " + bytes.size());
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
