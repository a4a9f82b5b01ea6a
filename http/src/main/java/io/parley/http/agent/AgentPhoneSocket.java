package io.parley.http.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.Caller;
import io.parley.http.auth.Audit;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;

/**
 * The stream of one {@code /v1/agent/phone} connection ({@link AgentPhone}): JSON text frames
 * {@code {"type": "accept" | "decline" | "hangUp", "transferId": ...}} and binary frames of the
 * microphone (20 ms of 16 kHz PCM16 little-endian, the browser voice's worklet) come in; JSON frames
 * ({@code ready}, {@code ringing}, {@code connected}, {@code ended}) and the caller's audio (8 kHz
 * PCM16 little-endian) go out. What comes in is bounded in size and rate; audio the console does not
 * read in time is dropped, oldest first, rather than held.
 */
final class AgentPhoneSocket {
  private static final int OUTBOUND_BUFFER = 256;
  private static final int MAX_TEXT_CHARS = 512;
  /** Frames a second a console may send: 50 of audio, and room for the buttons. */
  private static final int FRAMES_PER_SECOND = 80;
  private static final Set<String> ACTIONS = Set.of("accept", "decline", "hangUp");

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final ObjectMapper json;
  private final Audit audit;

  AgentPhoneSocket(ActorSystem<?> system, ObjectMapper json, Audit audit) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.json = json;
    this.audit = audit;
  }

  Flow<Message, Message, NotUsed> open(Caller caller, String agentId, String requestId) {
    Pair<ActorRef<AgentPhone.Outbound>, Source<AgentPhone.Outbound, NotUsed>> outbound =
        ActorSource.<AgentPhone.Outbound>actorRef(o -> false, o -> Optional.empty(), OUTBOUND_BUFFER,
            OverflowStrategy.dropHead()).preMaterialize(materializer);
    ActorRef<AgentPhone.Command> phone = system.systemActorOf(
        AgentPhone.create(caller, agentId, requestId, audit, outbound.first()), "agent-phone-" + UUID.randomUUID(),
        Props.empty());
    Sink<Message, NotUsed> in = Flow.of(Message.class)
        .throttle(FRAMES_PER_SECOND, Duration.ofSeconds(1))
        .mapAsync(1, this::read)
        .map(command -> {
          command.ifPresent(phone::tell);
          return command;
        })
        .to(Sink.onComplete(ended -> phone.tell(new AgentPhone.StreamEnded())));
    return Flow.fromSinkAndSourceCoupled(in, outbound.second().map(this::write));
  }

  private Message write(AgentPhone.Outbound out) throws JsonProcessingException {
    if (out instanceof AgentPhone.Outbound.Audio audio) return BinaryMessage.create(ByteString.fromArray(audio.pcm()));
    return TextMessage.create(json.writeValueAsString(((AgentPhone.Outbound.Frame) out).frame()));
  }

  /** A frame as the phone's command: a button pressed, or the microphone's audio; nothing for anything else. */
  private CompletionStage<Optional<AgentPhone.Command>> read(Message message) {
    if (message.isText()) {
      return message.asTextMessage().getStreamedText().limitWeighted(MAX_TEXT_CHARS, text -> (long) text.length())
          .runFold(new StringBuilder(), StringBuilder::append, materializer)
          .handle((text, failure) -> failure == null ? pressed(text.toString()) : Optional.empty());
    }
    return message.asBinaryMessage().getStreamedData().limitWeighted(AgentPhone.MAX_AUDIO_BYTES, bytes -> (long) bytes.size())
        .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
        .handle((bytes, failure) -> failure == null
            ? Optional.<AgentPhone.Command>of(new AgentPhone.Microphone(bytes.toArray())) : Optional.empty());
  }

  private Optional<AgentPhone.Command> pressed(String text) {
    try {
      JsonNode frame = json.readTree(text);
      String action = frame.path("type").asText();
      String transferId = frame.path("transferId").asText();
      return ACTIONS.contains(action) && !transferId.isEmpty()
          ? Optional.of(new AgentPhone.Pressed(action, transferId)) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
