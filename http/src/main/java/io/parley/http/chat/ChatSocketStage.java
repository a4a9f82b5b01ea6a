package io.parley.http.chat;

import io.parley.http.chat.ClientOutbox.Outbound;
import io.parley.http.chat.FrameCodec.Parsed;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.Terminated;
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
import org.apache.pekko.stream.stage.GraphStageLogic.StageActor;
import scala.runtime.BoxedUnit;

/**
 * One chat socket's stream in a single stage, between the socket's messages and its
 * {@link ChatConnection}: a stage, not a pipeline of Pekko's (a reader, an actor sink and source, a
 * coupling, a deferred setup), because a node keeps one for every open socket, most of them idle,
 * and each stage logic costs its connections, attributes and callbacks.
 *
 * <p>The connection actor is spawned when the stage starts, so a route that builds the flow and is
 * then refused creates none, and watched: if it stops, so does the socket. Inbound: each message is
 * read ({@code read}) and handed to the connection one at a time, the next when it acknowledges
 * the last; up to {@value #READ_AHEAD} wait read meanwhile, so a client that sends faster than its
 * session stores is slowed down through TCP. Outbound: the connection's
 * frames queue up to {@code outboundLimit}, growing only as they do; past it the client reads too
 * slowly and the socket fails; {@link Outbound.Done} ends it once every frame before it is written.
 * The two directions end together, and the connection hears how: {@code StreamEnded}, or
 * {@code StreamFailed}.
 */
final class ChatSocketStage extends GraphStage<FlowShape<Message, Message>> {
  /**
   * Client messages read ahead of the connection, as Pekko's actor sink did: the socket goes on
   * reading (its pings are answered, its close is echoed) while a request is under way, and a client
   * that sends more than this is still slowed down through TCP.
   */
  private static final int READ_AHEAD = 16;
  private final Inlet<Message> in = Inlet.create("ChatSocket.in");
  private final Outlet<Message> out = Outlet.create("ChatSocket.out");
  private final FlowShape<Message, Message> shape = FlowShape.of(in, out);
  private final ActorSystem<?> system;
  private final Behavior<ConnectionCommand> connection;
  private final Function<Message, CompletionStage<Parsed>> read;
  private final Function<Outbound, Message> write;
  private final int outboundLimit;

  ChatSocketStage(ActorSystem<?> system, Behavior<ConnectionCommand> connection,
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
    private ActorRef<ConnectionCommand> actor;
    private ActorRef<ConnectionCommand.Ack> acks;
    // Client messages read ahead while the connection works on the last one; made when one has to wait.
    private Queue<Parsed> unread;
    // The connection has a message (or the start of the stream) it has not acknowledged yet.
    private boolean awaitingAck = true;
    // A streamed message is being read; nothing more is pulled meanwhile, so the order holds.
    private boolean reading;
    private boolean clientEnded;
    // Frames the client has not read yet; made when one has to wait, dropped once they are written.
    private Queue<Message> waiting;
    private boolean done;
    // The connection was told how the stream ended (or is gone).
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
            accept(parsed.join());
            return;
          }
          reading = true;
          if (readLater == null) readLater = createAsyncCallback(ChatSocketStage.Logic.this::onRead);
          AsyncCallback<Object> callback = readLater;
          parsed.whenComplete((value, failure) -> callback.invoke(failure == null ? value : failure));
        }

        @Override
        public void onUpstreamFinish() {
          clientEnded = true;
          endIfAllHanded();
        }

        @Override
        public void onUpstreamFailure(Throwable failure) {
          fail(failure);
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          if (waiting != null) {
            push(out, waiting.poll());
            if (waiting.isEmpty()) waiting = null;
          }
          if (done && waiting == null) end();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          end();
        }
      });
    }

    @Override
    public void preStart() {
      StageActor stageActor = getStageActor(message -> {
        onConnection(message._2());
        return BoxedUnit.UNIT;
      });
      ActorRef<Object> self = Adapter.toTyped(stageActor.ref());
      acks = self.narrow();
      actor = system.systemActorOf(connection, "chat-" + UUID.randomUUID(), Props.empty());
      // A connection that stops by itself (it failed) ends the socket rather than leaving it unread.
      stageActor.watch(Adapter.toClassic(actor));
      actor.tell(new ConnectionCommand.OutboundOpened(self.narrow()));
      // Messages are read ahead from here; the first is handed over once the connection acknowledges the start.
      actor.tell(new ConnectionCommand.StreamStarted(acks));
      pull(in);
    }

    @Override
    public void postStop() {
      if (!told && actor != null) actor.tell(new ConnectionCommand.StreamFailed(new AbruptStageTerminationException(this)));
    }

    private void onConnection(Object message) {
      if (message == ConnectionCommand.Ack.NEXT) {
        awaitingAck = false;
        if (unread != null) {
          hand(unread.poll());
          if (unread.isEmpty()) unread = null;
        }
        pullIfRoom();
        endIfAllHanded();
      } else if (message instanceof Outbound.Done) {
        done = true;
        if (waiting == null) end();
      } else if (message instanceof Outbound frame && !done) {
        send(write.apply(frame));
      } else if (message instanceof Terminated) {
        told = true;
        completeStage();
      }
    }

    private void send(Message message) {
      if (isAvailable(out) && waiting == null) {
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
      if (read instanceof Parsed parsed) accept(parsed);
      else fail((Throwable) read);
    }

    /** A message read: to the connection if it is free, else it waits its turn. */
    private void accept(Parsed parsed) {
      if (awaitingAck) {
        if (unread == null) unread = new ArrayDeque<>();
        unread.add(parsed);
      } else {
        hand(parsed);
      }
      pullIfRoom();
      endIfAllHanded();
    }

    private void hand(Parsed parsed) {
      awaitingAck = true;
      actor.tell(new ConnectionCommand.Inbound(parsed, acks));
    }

    private void pullIfRoom() {
      boolean room = unread == null || unread.size() < READ_AHEAD;
      if (room && !reading && !isClosed(in) && !hasBeenPulled(in)) pull(in);
    }

    /** The client has ended, and the connection has every message it sent: the socket ends. */
    private void endIfAllHanded() {
      if (clientEnded && !reading && unread == null) end();
    }

    private void end() {
      tell(new ConnectionCommand.StreamEnded());
      completeStage();
    }

    private void fail(Throwable failure) {
      tell(new ConnectionCommand.StreamFailed(failure));
      failStage(failure);
    }

    private void tell(ConnectionCommand ending) {
      if (told) return;
      told = true;
      actor.tell(ending);
    }
  }
}
