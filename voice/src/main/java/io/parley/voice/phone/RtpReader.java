package io.parley.voice.phone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that receives every call's RTP on a node, from a selector over all their
 * non-blocking sockets: a thread blocked in {@code receive} per call cost more in wake-ups than
 * the packets themselves. Sockets join and leave through a queue the thread applies between
 * selects, since a selector's key set is not for other threads to change.
 */
final class RtpReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpReader.class);

  /** What a call does with each datagram its socket receives, on the reader thread. */
  interface Datagrams {
    /** {@code data}'s first {@code length} bytes came from {@code from}; the array is reused after the call returns. */
    void received(byte[] data, int length, SocketAddress from, long arrivedNanos);
  }

  private final Selector selector;
  private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  private RtpReader() {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("no selector for the calls' RTP", e);
    }
    this.thread = new Thread(this::readEveryCall, "rtp-reader");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  static RtpReader start() {
    RtpReader reader = new RtpReader();
    reader.thread.start();
    return reader;
  }

  /**
   * Receives {@code socket}'s datagrams (non-blocking, not registered elsewhere) and hands each to
   * {@code datagrams} until the returned handle is run or the socket closes.
   */
  Runnable readFrom(DatagramChannel socket, Datagrams datagrams) {
    changes.add(() -> {
      try {
        socket.register(selector, SelectionKey.OP_READ, datagrams);
      } catch (ClosedChannelException closedMeanwhile) {
        // closed before the reader got to it: nothing to read
      }
    });
    selector.wakeup();
    return () -> {
      changes.add(() -> {
        SelectionKey key = socket.keyFor(selector);
        if (key != null) key.cancel();
      });
      selector.wakeup();
    };
  }

  /**
   * The reader must outlive anything one call does: if it stopped, every call would go deaf and no
   * closed socket would be released. A selector that keeps failing is retried with growing pauses.
   */
  private void readEveryCall() {
    byte[] buffer = new byte[2048];
    ByteBuffer into = ByteBuffer.wrap(buffer);
    int failuresInARow = 0;
    while (!closed) {
      try {
        selector.select();
        for (Runnable change = changes.poll(); change != null; change = changes.poll()) apply(change);
        for (SelectionKey key : selector.selectedKeys()) read(key, into, buffer);
        selector.selectedKeys().clear();
        failuresInARow = 0;
      } catch (Throwable e) {
        if (closed) return;
        if (failuresInARow++ == 0) LOG.warn("the RTP reader failed: {}", e.toString());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(1_000, 10L << Math.min(failuresInARow, 7))));
      }
    }
  }

  private static void apply(Runnable change) {
    try {
      change.run();
    } catch (RuntimeException e) {
      LOG.warn("an RTP socket could not be (de)registered: {}", e.toString());
    }
  }

  /** Every datagram waiting on one call's socket; a socket that fails stops being read, the others go on. */
  private static void read(SelectionKey key, ByteBuffer into, byte[] buffer) {
    DatagramChannel socket = (DatagramChannel) key.channel();
    Datagrams datagrams = (Datagrams) key.attachment();
    try {
      while (key.isValid()) {
        into.clear();
        SocketAddress from = socket.receive(into);
        if (from == null) return;
        datagrams.received(buffer, into.position(), from, System.nanoTime());
      }
    } catch (Throwable e) {
      key.cancel();
      if (socket.isOpen()) LOG.warn("an RTP socket failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("closing the RTP selector: {}", e.toString());
    }
  }
}
