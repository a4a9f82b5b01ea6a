package io.parley.voice.phone;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.testing.MetricSamples;
import io.parley.voice.media.G711;
import io.parley.voice.media.OutgoingAudio;
import io.parley.voice.media.RtpPacket;
import io.parley.voice.media.TelephoneEvents;
import io.parley.voice.media.ToneDetector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call's RTP reads the caller's keys by the telephone-event payload type its offers name, a new
 * one from a re-INVITE on, each key once however often its end is repeated, and counts them. The
 * bot's own keys reach a phone on loopback as telephone-events of the type its offer named, or as
 * tones in the audio when it offered none.
 */
class RtpChannelKeysTest {
  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private final RtpMedia media = RtpMedia.start(metrics, Duration.ofMillis(60), Duration.ofMillis(60));
  private final List<Keypress> keys = new CopyOnWriteArrayList<>();
  private DatagramChannel phone;
  private RtpChannel rtp;

  @AfterEach
  void close() throws IOException {
    if (rtp != null) rtp.close();
    if (phone != null) phone.close();
    media.close();
  }

  @Test
  void keysComeByTheOfferedTypeAndByTheTypeOfANewOffer() throws IOException {
    phone = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) phone.getLocalAddress()).getPort();
    rtp = RtpChannel.open(InetAddress.getLoopbackAddress(), 42_000, 42_998, offer(port, 101), media);
    rtp.start("call-1", frame -> { }, keys::add);
    InetSocketAddress node = new InetSocketAddress(InetAddress.getLoopbackAddress(), rtp.localPort());

    press(node, 101, 1, 1000, 4);
    await("4 read").atMost(Duration.ofSeconds(5)).until(() -> keys.size() == 1);
    rtp.update(offer(port, 96));
    press(node, 101, 10, 2000, 7);
    press(node, 96, 20, 3000, 11);
    await("# read by the new type").atMost(Duration.ofSeconds(5)).until(() -> keys.size() == 2);
    assertEquals(List.of(new Keypress('4', Keypress.RFC4733), new Keypress('#', Keypress.RFC4733)), keys,
        "7 came by the type the caller no longer offers");
    assertEquals(2.0, MetricSamples.value(metrics, "parley_dtmf_received_total", new String[] {"method"},
        new String[] {"rfc4733"}));
  }

  @Test
  void theBotsKeysGoAsTheCallersTelephoneEvents() throws IOException {
    phone = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) phone.getLocalAddress()).getPort();
    rtp = RtpChannel.open(InetAddress.getLoopbackAddress(), 42_000, 42_998, offer(port, 96), media);
    rtp.start("call-1", frame -> { }, keys::add);
    rtp.press("1#");
    TelephoneEvents reader = new TelephoneEvents();
    StringBuilder heard = new StringBuilder();
    await("the keys heard").atMost(Duration.ofSeconds(5)).until(() -> {
      received().filter(packet -> packet.payloadType() == 96)
          .forEach(packet -> reader.packet(packet.timestamp(), packet.payload()).forEach(heard::append));
      return heard.length() >= 2;
    });
    assertEquals("1#", heard.toString());
  }

  @Test
  void theBotsKeysGoAsTonesToAPhoneThatOfferedNoTelephoneEvents() throws IOException {
    phone = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = ((InetSocketAddress) phone.getLocalAddress()).getPort();
    rtp = RtpChannel.open(InetAddress.getLoopbackAddress(), 42_000, 42_998, SdpOffer.parse(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
            + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").orElseThrow(), media);
    rtp.start("call-1", frame -> { }, keys::add);
    rtp.press("7*");
    ToneDetector tones = new ToneDetector();
    StringBuilder heard = new StringBuilder();
    await("the tones heard").atMost(Duration.ofSeconds(5)).until(() -> {
      received().filter(packet -> packet.payloadType() == OutgoingAudio.PCMU)
          .forEach(packet -> tones.frame(G711.ulawDecode(packet.payload())).ifPresent(heard::append));
      return heard.length() >= 2;
    });
    assertEquals("7*", heard.toString());
  }

  /** The packets that reached the phone since it last looked, in order. */
  private Stream<RtpPacket> received() throws IOException {
    phone.configureBlocking(false);
    List<RtpPacket> packets = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(1500);
    while (phone.receive(buffer.clear()) != null) {
      buffer.flip();
      byte[] data = new byte[buffer.remaining()];
      buffer.get(data);
      RtpPacket.parse(data, data.length).ifPresent(packets::add);
    }
    return packets.stream();
  }

  /** An RFC 4733 event as phones send it: two packets while held, the end three times. */
  private void press(InetSocketAddress node, int type, int sequence, long timestamp, int event) throws IOException {
    int[] durations = {160, 320, 480, 480, 480};
    for (int i = 0; i < durations.length; i++) {
      byte[] payload = {(byte) event, (byte) ((i >= 2 ? 0x80 : 0) | 10), (byte) (durations[i] >> 8), (byte) durations[i]};
      phone.send(new RtpPacket(type, i == 0, sequence + i, timestamp, 0x1234, payload).toBuffer(), node);
    }
  }

  private static SdpOffer offer(int port, int telephoneEvent) {
    return SdpOffer.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + port + " RTP/AVP 0 " + telephoneEvent + "\r\na=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:" + telephoneEvent + " telephone-event/8000\r\n").orElseThrow();
  }
}
