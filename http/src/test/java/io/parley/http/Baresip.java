package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.Awaiting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A baresip (Debian package {@code baresip-core}) of a test's own: headless, in its own config
 * folder, its microphone a WAV file ({@code aufile}), its loudspeaker a sink ({@code aubridge}),
 * G.711 μ-law only, no registration. The test drives it over {@code ctrl_tcp} (JSON netstrings:
 * {@code dial}, {@code hold}, {@code resume}, {@code sndcode}, {@code ausrc}, {@code hangup}) and reads its events
 * ({@code CALL_ESTABLISHED}, {@code CALL_RTCP}, {@code CALL_CLOSED}, ...) and its SIP trace, which
 * names the transport of every message. Fails, never skips, without baresip.
 */
final class Baresip implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Socket control;
  private final Path log;
  private final String user;
  private final int sipPort;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private int speeches;

  private Baresip(Process process, Socket control, Path log, String user, int sipPort) {
    this.process = process;
    this.control = control;
    this.log = log;
    this.user = user;
    this.sipPort = sipPort;
    Thread reader = new Thread(this::readEvents, "baresip-events");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts baresip as {@code user} in {@code dir}, speaking {@code microphone} (8 kHz PCM16, which
   * must outlast the call: baresip hangs up when its file ends), answering calls at once, RTCP
   * multiplexed when {@code rtcpMux}.
   */
  static Baresip start(Path dir, String user, short[] microphone, boolean rtcpMux) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnFreePorts(dir, user, microphone, rtcpMux);
      } catch (PortTaken taken) {
        // A port found free was taken before baresip bound it (by another process): new ports.
        if (attempt == 3) throw new AssertionError("baresip found no free ports", taken);
      }
    }
  }

  /** baresip could not bind a port the test found free a moment before. */
  private static final class PortTaken extends Exception {
    PortTaken(String log) {
      super(log);
    }
  }

  private static Baresip startOnFreePorts(Path dir, String user, short[] microphone, boolean rtcpMux) throws Exception {
    int sipPort = LoopbackPorts.range(2); // baresip also listens for SIP over TLS (TCP) on the port after it
    int controlPort = LoopbackPorts.port();
    int rtpBase = LoopbackPorts.range(40);
    Path wav = dir.resolve("microphone.wav");
    Files.write(wav, wav(microphone));
    Files.writeString(dir.resolve("config"), String.join("\n",
        "poll_method epoll",
        "sip_listen 127.0.0.1:" + sipPort,
        "call_local_timeout 120",
        "audio_player aubridge,loudspeaker",
        "audio_source aufile," + wav,
        "audio_alert aubridge,alert",
        "rtp_ports " + rtpBase + "-" + (rtpBase + 39),
        "rtcp_mux " + (rtcpMux ? "yes" : "no"),
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module aufile.so",
        "module aubridge.so",
        "module_app account.so",
        "module_app menu.so",
        "module_app ctrl_tcp.so",
        "ctrl_tcp_listen 127.0.0.1:" + controlPort, ""));
    Files.writeString(dir.resolve("accounts"),
        "<sip:" + user + "@127.0.0.1>;regint=0;audio_codecs=pcmu;answermode=auto\n");
    Path log = dir.resolve("baresip.log");
    Process process;
    try {
      // -s: the SIP trace, each message under a line naming its transport ("TCP a -> b").
      process = new ProcessBuilder("baresip", "-f", dir.toString(), "-s").redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException missing) {
      throw new AssertionError("baresip is missing: install the Debian package baresip-core "
          + "(apt-get install -y baresip-core); CI's .ci/run does", missing);
    }
    try {
      Socket control = Awaiting.await("baresip's control port").atMost(Duration.ofSeconds(20))
          .failFast("baresip exited", () -> !process.isAlive()).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", controlPort), 1_000);
            return socket;
          }, Objects::nonNull);
      return new Baresip(process, control, log, user, sipPort);
    } catch (ConditionTimeoutException | TerminalFailureException notStarted) {
      process.destroyForcibly();
      if (Files.readString(log).contains("Address already in use")) throw new PortTaken(Files.readString(log));
      throw new AssertionError("baresip did not start:\n" + Files.readString(log), notStarted);
    }
  }

  /** This baresip's own address, to call it (or transfer a call to it). */
  String uri() {
    return "sip:" + user + "@127.0.0.1:" + sipPort;
  }

  /**
   * Runs a ctrl_tcp command ({@code dial}, {@code hold}, ...); fails when baresip says it failed.
   * Returns baresip's response, whose {@code data} is the text the command printed.
   */
  JsonNode command(String command, String params) throws IOException {
    String token = command + "-" + System.nanoTime();
    byte[] json = JSON.createObjectNode().put("command", command).put("params", params).put("token", token).toString()
        .getBytes(StandardCharsets.UTF_8);
    OutputStream out = control.getOutputStream();
    synchronized (out) {
      out.write((json.length + ":").getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.write(',');
      out.flush();
    }
    JsonNode response = await("the answer to " + command, event -> token.equals(event.path("token").asText()));
    assertTrue(response.path("ok").asBoolean(), command + " " + params + ": " + response + "\n" + log());
    return response;
  }

  /**
   * Switches the microphone of the calls under way to {@code samples}, played from the file's start
   * ({@code ausrc}), so that a test can speak after something it heard rather than at a set time.
   * Like the first file, they must outlast the call.
   */
  void speak(short[] samples) throws IOException {
    Path wav = log.resolveSibling("speech-" + ++speeches + ".wav");
    // baresip keeps 127 characters of a device's name and cuts the rest without a word.
    assertTrue(wav.toString().length() < 128, "a path baresip can open: " + wav);
    Files.write(wav, wav(samples));
    // ausrc answers ok even when it failed (the call then goes silent): its printed text says.
    String said = command("ausrc", "aufile," + wav).path("data").asText();
    assertFalse(said.contains("fail") || said.contains("no such") || said.contains("should be"),
        "baresip did not switch the microphone: " + said + "\n" + log());
  }

  /** The first event of {@code type} ({@code CALL_ESTABLISHED}, ...) within 30 s. */
  JsonNode awaitEvent(String type) {
    return await(type, event -> type.equals(event.path("type").asText()));
  }

  /** Whether an event of {@code type} came already. */
  boolean saw(String type) {
    return events.stream().anyMatch(event -> type.equals(event.path("type").asText()));
  }

  private JsonNode await(String what, Predicate<JsonNode> wanted) {
    try {
      return Awaiting.await("baresip: " + what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> events.stream().filter(wanted).findFirst(), Optional::isPresent).get();
    } catch (ConditionTimeoutException notInTime) {
      throw new AssertionError("baresip: no " + what + " in time; events " + events + "\n" + log(), notInTime);
    }
  }

  /** baresip's screen and SIP trace so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The transport lines ("TCP 127.0.0.1:x -> 127.0.0.1:y") of the messages baresip sent that begin with {@code start}. */
  List<String> transportsOfSent(String start) {
    List<String> lines = log().lines().toList();
    List<String> transports = new CopyOnWriteArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start) && lines.get(i - 1).matches("^(UDP|TCP) 127\\.0\\.0\\.1:\\d+ -> .*")) {
        transports.add(lines.get(i - 1));
      }
    }
    return transports;
  }

  /** The ctrl_tcp stream: netstrings ("12:{...},") of JSON responses and events. */
  private void readEvents() {
    try (InputStream in = control.getInputStream()) {
      ByteArrayOutputStream length = new ByteArrayOutputStream();
      int next;
      while ((next = in.read()) >= 0) {
        if (next != ':') {
          if (next != ',') length.write(next);
          continue;
        }
        byte[] body = in.readNBytes(Integer.parseInt(length.toString(StandardCharsets.US_ASCII).strip()));
        length.reset();
        events.add(JSON.readTree(body));
      }
    } catch (IOException | RuntimeException closed) {
      // baresip stopped, or the test closed the connection
    }
  }

  /** A WAV file of 8 kHz 16-bit mono {@code samples}. */
  private static byte[] wav(short[] samples) {
    ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
    for (short sample : samples) wav.putShort(sample);
    return wav.array();
  }

  @Override
  public void close() throws Exception {
    control.close();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
