package io.parley.http.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.Caller;
import io.parley.core.session.MessageRules;
import io.parley.http.chat.ChatNode;
import io.parley.persistence.desk.JdbcAgentProfiles;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the stream of one {@code /v1/agent/ws} connection: each frame is handed to the agent's
 * {@link AgentConnection} and the next is read once it was answered, so a console is
 * back-pressured, never buffered without bound; the frames the connection emits are written back.
 */
public final class AgentSocket {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);
  private static final int OUTBOUND_BUFFER = 1024;

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final AgentFrames frames;
  private final ChatNode node;
  private final int maxConversationsPerAgent;
  private final JdbcAgentProfiles profiles;
  private final Executor blocking;
  private final AgentPhoneSocket phones;

  /** {@code profiles}: the names agents chose for customers to see, read on {@code blocking} as a console connects. */
  public AgentSocket(ActorSystem<?> system, ObjectMapper json, MessageRules rules, ChatNode node,
      int maxConversationsPerAgent, JdbcAgentProfiles profiles, Executor blocking) {
    this.system = system;
    this.profiles = profiles;
    this.blocking = blocking;
    this.maxConversationsPerAgent = maxConversationsPerAgent;
    this.materializer = Materializer.matFromSystem(system);
    this.frames = new AgentFrames(json, rules);
    this.node = node;
    this.phones = new AgentPhoneSocket(system, json, node.audit());
  }

  /**
   * The agent as customers will see it: named by the display name it set in its profile
   * (docs/agent-console.md), else {@code signedInAs}; with the name it signed in as when the profile
   * cannot be read, so a database hiccup does not keep agents out.
   */
  public CompletionStage<ConsoleAgent> named(Caller caller, String signedInAs, Optional<String> phone) {
    String agentId = caller.agentId().orElseThrow();
    return CompletableFuture.supplyAsync(() -> profiles.find(caller.tenant(), agentId).shownName(signedInAs), blocking)
        .exceptionally(failure -> {
          LOG.warn("the profile of agent {} could not be read; it is named {} for now", agentId, signedInAs, failure);
          return signedInAs;
        })
        .thenApply(name -> new ConsoleAgent(agentId, name, phone));
  }

  /**
   * The flow of one console, signed in as {@code agent};
   * {@code requestId}: the upgrade request's, which the audit entries of the console's actions carry.
   */
  public Flow<Message, Message, CompletionStage<NotUsed>> connect(Caller caller, ConsoleAgent agent, String requestId) {
    return Flow.fromMaterializer((materializer, attributes) -> open(caller, agent, requestId));
  }

  /**
   * The flow of one console phone ({@code /v1/agent/phone}) of the agent {@code caller} signed in
   * as: calls handed to the agent console ring there ({@link AgentPhone}).
   */
  public Flow<Message, Message, CompletionStage<NotUsed>> phone(Caller caller, String requestId) {
    return Flow.fromMaterializer((materializer, attributes) ->
        phones.open(caller, caller.agentId().orElseThrow(), requestId));
  }

  private Flow<Message, Message, NotUsed> open(Caller caller, ConsoleAgent agent, String requestId) {
    Pair<ActorRef<AgentConnection.Outbound>, Source<AgentConnection.Outbound, NotUsed>> outbound =
        ActorSource.<AgentConnection.Outbound>actorRef(o -> false, o -> Optional.empty(), OUTBOUND_BUFFER,
            OverflowStrategy.fail()).preMaterialize(materializer);
    ActorRef<AgentConnection.Command> connection = system.systemActorOf(
        AgentConnection.create(caller, agent, requestId, outbound.first(), node, frames,
            maxConversationsPerAgent),
        "agent-" + UUID.randomUUID(), Props.empty());
    Sink<Message, NotUsed> in = Flow.of(Message.class)
        .mapAsync(1, this::read)
        .mapAsync(1, raw -> AskPattern.<AgentConnection.Command, Done>ask(connection,
            handled -> new AgentConnection.Inbound(raw, handled), node.askTimeout().multipliedBy(2), system.scheduler()))
        .to(Sink.onComplete(ended -> connection.tell(new AgentConnection.StreamEnded())));
    Source<Message, NotUsed> out = outbound.second()
        .takeWhile(o -> !(o instanceof AgentConnection.Outbound.Done))
        .map(o -> (Message) TextMessage.create(frames.write(((AgentConnection.Outbound.Frame) o).frame())));
    return Flow.fromSinkAndSourceCoupled(in, out);
  }

  /** A text frame's text, bounded; a binary frame is read to its end and refused. */
  private CompletionStage<Optional<String>> read(Message message) {
    if (!message.isText()) {
      return message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer)
          .thenApply(done -> Optional.empty());
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) return CompletableFuture.completedFuture(Optional.of(text.getStrictText()));
    long limit = frames.maxFrameChars();
    return text.getStreamedText()
        .runFold(new StringBuilder(), (sb, chunk) -> sb.length() > limit ? sb : sb.append(chunk), materializer)
        .thenApply(sb -> Optional.of(sb.toString()));
  }
}
