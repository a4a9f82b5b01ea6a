package io.parley.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Sockets that connect only where the {@link OutboundAddressPolicy} allows: the check is on the
 * address the socket is about to connect to, after the name was resolved, so a name that resolves
 * to another address the second time (DNS rebinding) is checked at the address it gave.
 */
final class CheckedSockets extends SocketFactory {
  private final OutboundAddressPolicy policy;

  CheckedSockets(OutboundAddressPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Socket createSocket() {
    return new CheckedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
    return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) socket.bind(local);
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private final class CheckedSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress remote) || remote.isUnresolved()) {
        throw new RefusedAddress("the connection to " + endpoint + " names no resolved address to check");
      }
      var refusal = policy.refusal(remote.getAddress());
      if (refusal.isPresent()) throw new RefusedAddress(refusal.get());
      super.connect(endpoint, timeout);
    }
  }
}
