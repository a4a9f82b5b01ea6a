package io.parley.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * JDK HTTP servers on a random loopback port, for the fakes of other parties' services. They send
 * what they write at once (TCP_NODELAY), as real servers do. The JDK server leaves Nagle's
 * algorithm on by default: a response's body, written after its headers, then waits for the
 * client's delayed acknowledgement of them, 40 ms on Linux, and a fake that "answers at once"
 * answered 40 ms late (or more, one wait per small write of a stream).
 *
 * <p>The JDK reads the setting once per JVM, when its first server starts: every fake creates its
 * server here, so that whichever starts first sets it.
 */
public final class LoopbackHttpServers {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private LoopbackHttpServers() {}

  /** A server bound to 127.0.0.1 on a free port, not yet started. */
  public static HttpServer create() {
    return create(0);
  }

  /** A server bound to 127.0.0.1 on {@code port} (0: a free one), not yet started. */
  public static HttpServer create(int port) {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind loopback port " + port, e);
    }
  }
}
