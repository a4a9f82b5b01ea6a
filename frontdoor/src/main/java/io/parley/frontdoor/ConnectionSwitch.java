package io.parley.frontdoor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.StreamDetachedException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import scala.jdk.javaapi.FutureConverters;

/**
 * One connection to the port, as a single stage: it gathers the first request's head (within a
 * time and a size), asks how to serve the connection, and runs the answer's flow inside itself,
 * giving it the bytes read so far. One stage instead of a chain of prefix, future and kill-switch
 * stages, each with a materialization of its own, because every open socket keeps it for its life.
 *
 * <p>Deadlines: the first request's head must be read (here, or by Pekko HTTP's parser, which
 * completes {@code headRead}) within {@code headTimeout}, or the connection closes. Bytes written
 * must be taken by the client within {@code writeTimeout}, or the connection is reset: a client
 * that stops reading never holds its connection, or what the port counts against it. Once the
 * chosen flow is done, the stage lives until the TCP connection has closed (its last bytes taken),
 * for at most {@code writeTimeout}, so that {@link Control#ended} is the connection's end.
 */
final class ConnectionSwitch
    extends AbstractGraphStageWithMaterializedValue<FlowShape<ByteString, ByteString>, ConnectionSwitch.Control> {
  /** How to serve the connection; {@code replayHead}: the chosen flow reads the head too (HTTP), or only what follows it (a socket). */
  record Choice(Flow<ByteString, ByteString, ?> flow, boolean replayHead) {}

  /** Chooses how to serve a connection from its first bytes: a request's whole head, or not ({@code wholeHead}). */
  interface Chooser {
    CompletionStage<Choice> choose(ByteString firstBytes, boolean wholeHead);
  }

  /**
   * What the port keeps of a connection: how to end it, gracefully (the chosen flow's input ends
   * and it writes what it owes) or not (the connection is cut off), or to make way for another
   * connection, and when it is over.
   */
  record Control(AsyncCallback<Boolean> endRequest, AsyncCallback<ByteString> makeWayRequest, CompletionStage<Done> ended) {
    void close() {
      endRequest.invoke(true);
    }

    /**
     * Ends the connection for another's sake: as {@link #close} once its first head was read; before,
     * with {@code answer} (a refusal saying when to retry), so that no client's request goes unanswered.
     */
    void makeWay(ByteString answer) {
      makeWayRequest.invoke(answer);
    }

    void abort() {
      endRequest.invoke(false);
    }
  }

  private static final String HEAD_TIMER = "head";
  /**
   * How long a connection answered before its head may still send that head: the answer is read by
   * a client that is done sending (closing at once could reset the connection before the client
   * reads), while one that sends nothing holds its connection no longer than this.
   */
  private static final Duration ANSWERED_EARLY_LINGER = Duration.ofSeconds(1);
  private static final String WRITE_TIMER = "write";

  private final Inlet<ByteString> in = Inlet.create("ConnectionSwitch.in");
  private final Outlet<ByteString> out = Outlet.create("ConnectionSwitch.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final Chooser chooser;
  private final HeadScan.Limits headLimits;
  private final Duration headTimeout;
  private final CompletionStage<?> headRead;
  private final Duration writeTimeout;

  /**
   * {@code chooser} is given the first request's whole head, or, as soon as the bytes cannot be
   * one this port reads ({@link HeadScan}), what was read so far.
   */
  ConnectionSwitch(Chooser chooser, HeadScan.Limits headLimits, Duration headTimeout, CompletionStage<?> headRead,
      Duration writeTimeout) {
    this.chooser = chooser;
    this.headLimits = headLimits;
    this.headTimeout = headTimeout;
    this.headRead = headRead;
    this.writeTimeout = writeTimeout;
  }

  /** A client that took none of the bytes written to it within the write timeout. */
  static final class ClientNotReading extends RuntimeException {
    ClientNotReading(Duration writeTimeout) {
      super("the client took none of our bytes for " + writeTimeout.toMillis() + " ms", null, false, false);
    }
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, Control> createLogicAndMaterializedValuePair(Attributes attributes) {
    CompletableFuture<Done> ended = new CompletableFuture<>();
    Logic logic = new Logic(ended);
    return Pair.create(logic, new Control(logic.endRequest, logic.makeWayRequest, ended));
  }

  private final class Logic extends TimerGraphStageLogic {
    private final CompletableFuture<Done> ended;
    private final AsyncCallback<Boolean> endRequest;
    private final AsyncCallback<ByteString> makeWayRequest;
    // The first head, read into one array (at most a head's limit and a read's worth), scanned once.
    private byte[] read = new byte[0];
    private int readLength;
    private final HeadScan scan = new HeadScan(headLimits);
    private boolean headWasRead;
    // The chosen flow is done; the TCP connection is closing.
    private boolean lingering;
    // Bytes written that the client has not yet taken (or, lingering, the connection not yet
    // closed), since when: one timer a write timeout at most, not one a write.
    private boolean writePending;
    private long writtenAtNanos;
    private ByteString unserved = ByteString.emptyByteString();
    private boolean choosing;
    // Answered before its first head was whole (it made way): the head is read and dropped.
    private boolean answeredEarly;
    private boolean inputEnded;
    // Asked to make way while its first answer was being chosen: an HTTP connection closes once served.
    private boolean madeWayWhileChoosing;
    // The chosen flow is a socket's, no longer an HTTP connection to make way.
    private boolean socket;
    private SubSourceOutlet<ByteString> toChosen;
    private SubSinkInlet<ByteString> fromChosen;

    Logic(CompletableFuture<Done> ended) {
      super(shape);
      this.ended = ended;
      this.endRequest = createAsyncCallback(graceful -> {
        if (graceful) {
          close();
        } else {
          failStage(new IllegalStateException("the port closed before this connection's request was answered"));
        }
      });
      this.makeWayRequest = createAsyncCallback(this::makeWay);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          readHead(grab(in));
        }

        @Override
        public void onUpstreamFinish() {
          // Before a head is whole there is nothing to serve; after, the choice still gets what was read.
          if (choosing) {
            inputEnded = true;
          } else {
            completeStage();
          }
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          // Nothing to write before the choice.
        }
      });
    }

    @Override
    public void preStart() {
      pull(in);
      scheduleOnce(HEAD_TIMER, headTimeout);
      AsyncCallback<Object> read = createAsyncCallback(ignored -> headWasRead());
      headRead.thenAccept(read::invoke);
    }

    private void headWasRead() {
      headWasRead = true;
      cancelTimer(HEAD_TIMER);
    }

    @Override
    public void postStop() {
      ended.complete(Done.getInstance());
    }

    @Override
    public void onTimer(Object key) {
      if (WRITE_TIMER.equals(key)) {
        maybeReset();
      } else if (!headWasRead) {
        // A client that never finishes its first request is not waited for.
        completeStage();
      }
    }

    private void maybeReset() {
      if (!writePending) return;
      long leftNanos = writeTimeout.toNanos() - (System.nanoTime() - writtenAtNanos);
      if (leftNanos <= 0) {
        // Failing, not completing: the TCP stage resets the connection instead of waiting for the
        // client to take what it already holds, which would keep the connection for good.
        failStage(new ClientNotReading(writeTimeout));
      } else {
        scheduleOnce(WRITE_TIMER, Duration.ofNanos(leftNanos));
      }
    }

    private void written() {
      if (writePending) return;
      writePending = true;
      writtenAtNanos = System.nanoTime();
      if (!isTimerActive(WRITE_TIMER)) scheduleOnce(WRITE_TIMER, writeTimeout);
    }

    private void readHead(ByteString chunk) {
      int needed = readLength + chunk.size();
      if (read.length < needed) read = Arrays.copyOf(read, Math.max(needed, 2 * read.length));
      chunk.copyToBuffer(ByteBuffer.wrap(read, readLength, chunk.size()));
      readLength += chunk.size();
      int end = scan.scan(read, readLength);
      if (end == HeadScan.MORE) {
        pull(in);
        return;
      }
      if (answeredEarly) {
        // The client is done sending its head: closing now loses none of the answer.
        completeStage();
        return;
      }
      choosing = true;
      boolean wholeHead = end >= 0;
      if (wholeHead) headWasRead();
      ByteString all = ByteString.fromArrayUnsafe(read, 0, readLength);
      ByteString head = wholeHead ? all.take(end) : all;
      unserved = wholeHead ? all.drop(end) : ByteString.emptyByteString();
      read = null;
      Materializer materializer = materializer();
      AsyncCallback<Pair<Choice, Throwable>> chosen = createAsyncCallback(choice -> {
        if (choice.second() != null) {
          failStage(choice.second());
        } else {
          serve(choice.first(), head);
        }
      });
      choice(head, wholeHead).whenComplete((choice, failure) ->
          FutureConverters.asJava(chosen.invokeWithFeedback(Pair.create(choice, failure))).whenComplete((delivered, gone) -> {
            // The connection ended while a socket's answer was being chosen: its flow still runs,
            // on no input, so that whatever it holds (a socket's connection slot) is let go.
            if (gone instanceof StreamDetachedException && choice != null && !choice.replayHead()) {
              Source.<ByteString>empty().via(choice.flow()).runWith(Sink.ignore(), materializer);
            }
          }));
    }

    /** The chooser's answer; one that throws fails the connection like one that fails later. */
    private CompletionStage<Choice> choice(ByteString head, boolean wholeHead) {
      try {
        return chooser.choose(head, wholeHead);
      } catch (RuntimeException e) {
        return CompletableFuture.failedStage(e);
      }
    }

    private void serve(Choice choice, ByteString head) {
      socket = !choice.replayHead();
      if (choice.replayHead()) unserved = head.concat(unserved);
      if (madeWayWhileChoosing && !socket) inputEnded = true;
      toChosen = new SubSourceOutlet<>("ConnectionSwitch.toChosen");
      fromChosen = new SubSinkInlet<>("ConnectionSwitch.fromChosen");
      toChosen.setHandler(new AbstractOutHandler() {
        @Override
        public void onPull() {
          if (!unserved.isEmpty()) {
            toChosen.push(unserved);
            unserved = ByteString.emptyByteString();
          } else if (inputEnded) {
            toChosen.complete();
          } else if (!hasBeenPulled(in) && !isClosed(in)) {
            pull(in);
          }
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          // The chosen flow reads no more, but may still be writing (a socket's answer to the
          // client's close). Cancelling the client's side now would close the connection before
          // that is written, so the connection ends with the flow's output instead; what the
          // client still sends is not read.
        }
      });
      fromChosen.setHandler(new AbstractInHandler() {
        @Override
        public void onPush() {
          push(out, fromChosen.grab());
          written();
        }

        @Override
        public void onUpstreamFinish() {
          linger();
        }

        @Override
        public void onUpstreamFailure(Throwable cause) {
          failStage(cause);
        }
      });
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString bytes = grab(in);
          if (lingering) {
            pull(in);
          } else if (!toChosen.isClosed()) {
            // Bytes that were on their way when the port closed the flow's input are not served.
            toChosen.push(bytes);
          }
        }

        @Override
        public void onUpstreamFinish() {
          inputEnded = true;
          if (lingering) {
            completeStage();
          } else if (unserved.isEmpty() && !toChosen.isClosed()) {
            toChosen.complete();
          }
        }

        @Override
        public void onUpstreamFailure(Throwable cause) {
          if (!toChosen.isClosed()) toChosen.fail(cause);
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          writePending = false;
          fromChosen.pull();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          fromChosen.cancel(cause);
          completeStage();
        }
      });
      Source.fromGraph(toChosen.source()).via(choice.flow()).runWith(fromChosen.sink(), subFusingMaterializer());
      if (isAvailable(out)) fromChosen.pull();
    }

    /**
     * The chosen flow is done: the TCP connection closes once it has written our last bytes, and
     * ends the stage by ending its input; a client that does not take them is reset at the write
     * deadline. Until then the connection still counts as open.
     */
    private void linger() {
      complete(out);
      if (isClosed(in)) {
        completeStage();
        return;
      }
      lingering = true;
      written();
      if (!hasBeenPulled(in)) pull(in);
    }

    /**
     * Before its first head is whole, the connection is answered at once and closes once the
     * client has sent that head, closed, or lingered past {@link #ANSWERED_EARLY_LINGER}; after, it
     * closes as {@link #close} does. The ask was made when the connection looked idle: one whose
     * head has arrived since and turns out to be a socket's handshake stays open, a socket being no
     * HTTP connection to make way.
     */
    private void makeWay(ByteString answer) {
      if (choosing) {
        if (toChosen == null) {
          madeWayWhileChoosing = true;
        } else if (!socket) {
          close();
        }
        return;
      }
      // Both bounds may pick the same connection: it is answered once.
      if (answeredEarly) return;
      answeredEarly = true;
      emit(out, answer);
      scheduleOnce(HEAD_TIMER, ANSWERED_EARLY_LINGER);
    }

    /**
     * The port's graceful end: the chosen flow's input ends, as if the client had stopped sending,
     * and the connection closes once the flow has written what it still owes (an answer under way).
     * The client's side is not cancelled: that would close the connection at once.
     */
    private void close() {
      inputEnded = true;
      if (!choosing) {
        completeStage();
      } else if (toChosen != null && !toChosen.isClosed()) {
        unserved = ByteString.emptyByteString();
        toChosen.complete();
      }
    }
  }
}
