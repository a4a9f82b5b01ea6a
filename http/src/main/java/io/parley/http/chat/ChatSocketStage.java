package io.parley.http.chat;

import io.parley.http.chat.ChatConnection.Outbound;
import io.parley.http.chat.FrameCodec.Parsed;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.runtime.BoxedUnit;

/**
 * One chat socket's stream in a single stage, between the socket's messages and its
 * {@link ChatConnection}: a stage, not a pipeline of Pekko's (a reader, an actor sink and source, a
 * coupling, a deferred setup), because a node keeps one for every open socket, most of them idle,
 * and each stage logic costs its connections, attributes and callbacks.
 *
 * <p>The connection actor is spawned when the stage starts, so a route that builds the flow and is
 * then refused creates none. Inbound, one message at a time: each is read ({@code read}), handed to
 * the connection, and the next is pulled only when the connection acknowledges it, so a client that
 * sends faster than its session stores is slowed down through TCP. Outbound: the connection's
 * frames queue up to {@code outboundLimit}, growing only as they do; past it the client reads too
 * slowly and the socket fails; {@link Outbound.Done} ends it once every frame before it is written.
 * The two directions end together, and the connection hears how: {@code StreamEnded}, or
 * {@code StreamFailed}.
 */
final class ChatSocketStage extends GraphStage<FlowShape<Message, Message>> {
  private final Inlet<Message> in = Inlet.create("ChatSocket.in");
  private final Outlet<Message> out = Outlet.create("ChatSocket.out");
  private final FlowShape<Message, Message> shape = FlowShape.of(in, out);
  private final ActorSystem<?> system;
  private final Behavior<ChatConnection.Command> connection;
  private final Function<Message, CompletionStage<Parsed>> read;
  private final Function<Outbound, Message> write;
  private final int outboundLimit;

  ChatSocketStage(ActorSystem<?> system, Behavior<ChatConnection.Command> connection,
      Function<Message, CompletionStage<Parsed>> read, Function<Outbound, Message> write, int outboundLimit) {
    this.system = system;
    this.connection = connection;
    this.read = read;
    this.write = write;
    this.outboundLimit = outboundLimit;
  }

  @Override
  public FlowShape<Message, Message> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private ActorRef<ChatConnection.Command> actor;
    private ActorRef<ChatConnection.Ack> acks;
    // Frames the client has not read yet; made when the first one has to wait.
    private Queue<Message> waiting;
    private boolean done;
    // A streamed message is being read; the client's end waits for it.
    private boolean reading;
    private boolean clientEnded;
    // The connection was told how the stream ended.
    private boolean told;
    // Made when the first message that is not read at once (a streamed one) comes: a Parsed, or the read's failure.
    private AsyncCallback<Object> readLater;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          CompletableFuture<Parsed> parsed = read.apply(grab(in)).toCompletableFuture();
          if (parsed.isDone() && !parsed.isCompletedExceptionally()) {
            hand(parsed.join());
            return;
          }
          reading = true;
          if (readLater == null) readLater = createAsyncCallback(ChatSocketStage.Logic.this::onRead);
          AsyncCallback<Object> callback = readLater;
          parsed.whenComplete((value, failure) -> callback.invoke(failure == null ? value : failure));
        }

        @Override
        public void onUpstreamFinish() {
          if (reading) clientEnded = true;
          else end();
        }

        @Override
        public void onUpstreamFailure(Throwable failure) {
          fail(failure);
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          if (waiting != null && !waiting.isEmpty()) push(out, waiting.poll());
          if (done && (waiting == null || waiting.isEmpty())) end();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          end();
        }
      });
    }

    @Override
    public void preStart() {
      ActorRef<Object> self = Adapter.toTyped(getStageActor(message -> {
        onConnection(message._2());
        return BoxedUnit.UNIT;
      }).ref());
      acks = self.narrow();
      actor = system.systemActorOf(connection, "chat-" + UUID.randomUUID(), Props.empty());
      actor.tell(new ChatConnection.OutboundOpened(self.narrow()));
      // The first message is pulled when the connection acknowledges the start.
      actor.tell(new ChatConnection.StreamStarted(acks));
    }

    @Override
    public void postStop() {
      if (!told) actor.tell(new ChatConnection.StreamFailed(new AbruptStageTerminationException(this)));
    }

    private void onConnection(Object message) {
      if (message == ChatConnection.Ack.NEXT) {
        if (!isClosed(in) && !hasBeenPulled(in)) pull(in);
      } else if (message instanceof Outbound.Done) {
        done = true;
        if (waiting == null || waiting.isEmpty()) end();
      } else if (message instanceof Outbound frame && !done) {
        send(write.apply(frame));
      }
    }

    private void send(Message message) {
      if (isAvailable(out) && (waiting == null || waiting.isEmpty())) {
        push(out, message);
        return;
      }
      if (waiting == null) waiting = new ArrayDeque<>();
      if (waiting.size() >= outboundLimit) {
        fail(new BufferOverflowException("the client reads too slowly: " + outboundLimit + " frames are waiting"));
        return;
      }
      waiting.add(message);
    }

    private void onRead(Object read) {
      reading = false;
      if (!(read instanceof Parsed parsed)) {
        fail((Throwable) read);
        return;
      }
      hand(parsed);
      if (clientEnded) end();
    }

    private void hand(Parsed parsed) {
      actor.tell(new ChatConnection.Inbound(parsed, acks));
    }

    private void end() {
      tell(new ChatConnection.StreamEnded());
      completeStage();
    }

    private void fail(Throwable failure) {
      tell(new ChatConnection.StreamFailed(failure));
      failStage(failure);
    }

    private void tell(ChatConnection.Command ending) {
      if (told) return;
      told = true;
      actor.tell(ending);
    }
  }
}
