package io.parley.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A program a test runs inside a network namespace of its own ({@link NetworkNamespace}), beside
 * the node it watches: it listens at the addresses it is given (the cloud metadata service's) and
 * prints one {@code CONNECTED} line for each connection, with the request's first line and its
 * {@code User-Agent}, answering 404. A test outside the namespace cannot reach the node's loopback,
 * so the program also asks the node for it: each {@code GET <url>} line on its input is answered
 * with {@code ANSWER <status> <body>}; {@code SYNC} with {@code SYNCED}, after every line before it.
 */
public final class NamespaceTrap {
  private NamespaceTrap() {}

  /** {@code args}: the addresses to listen at, {@code host:port} ({@code [v6]:port} for IPv6). */
  public static void main(String[] args) throws IOException {
    for (String address : args) {
      int colon = address.lastIndexOf(':');
      String host = address.substring(0, colon).replace("[", "").replace("]", "");
      ServerSocket trap = new ServerSocket();
      trap.bind(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))));
      Thread.ofPlatform().daemon().start(() -> accept(trap, address));
    }
    say("LISTENING");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command = commands.readLine(); command != null; command = commands.readLine()) {
      if (command.startsWith("GET ")) say(answer(http, command.substring(4)));
      else if (command.equals("SYNC")) say("SYNCED");
    }
  }

  private static void accept(ServerSocket trap, String address) {
    while (true) {
      try (Socket caller = trap.accept()) {
        caller.setSoTimeout(2000);
        String head = head(caller.getInputStream());
        String firstLine = head.lines().findFirst().orElse("");
        String agent = head.lines().filter(line -> line.toLowerCase().startsWith("user-agent:")).findFirst().orElse("");
        say("CONNECTED " + address + " from " + caller.getRemoteSocketAddress() + ": " + firstLine + " " + agent);
        OutputStream out = caller.getOutputStream();
        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        say("CONNECTED " + address + ", then " + e);
      }
    }
  }

  /** What the caller sent up to the end of its request's head (or 4 KB, or 2 s of silence). */
  private static String head(InputStream in) {
    StringBuilder head = new StringBuilder();
    try {
      int b;
      while (head.length() < 4096 && !head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) head.append((char) b);
    } catch (IOException silent) {
      // what came is what is told
    }
    return head.toString();
  }

  private static String answer(HttpClient http, String url) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return "ANSWER " + response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "ANSWER -1 " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "ANSWER -1 interrupted";
    }
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
