package io.parley.voice.phone;

import com.typesafe.config.Config;
import io.parley.core.call.DialledNumber;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.session.SessionId;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The telephony bridge's settings, from {@code parley.sip}.
 *
 * @param host the address the SIP and RTP sockets bind to
 * @param advertised the IPv4 address put in Contact, Via and SDP (a NAT's public address); the host by default,
 *     which must then be an IPv4 address other than {@code 0.0.0.0}
 * @param numbers the operator's dialled number to tenant, before the tenants' own
 *     ({@link io.parley.core.call.CallRouting})
 * @param allowedSources the addresses calls may come from; empty: loopback only (the quick start)
 * @param trunks the trunks that authenticate their calls by digest ({@link CallAdmission})
 * @param digestAlgorithms what a digest challenge offers, one header each, the preferred first
 * @param invitesPerMinute new calls a source address may place a minute; 0: no limit
 * @param transferLine said before a call is transferred to a person
 * @param shutdownLine said before the node hangs up because it shuts down
 * @param jitterBuffer how long a caller's audio waits to be put in order before it is heard at the
 *     start of a call, and the least it waits (20 ms to 1 s)
 * @param jitterBufferMax the most it waits as it grows with the caller's jitter (up to 1 s)
 * @param sessionExpires the session timer interval (RFC 4028) the node asks for when a caller names none
 * @param minSessionExpires the shortest session timer interval the node accepts ({@code Min-SE})
 */
public record SipSettings(boolean enabled, String host, int port, String advertised, int rtpPortMin, int rtpPortMax,
    int maxCalls, Duration mediaTimeout, String greeting, Map<String, String> numbers, Set<String> allowedSources,
    String transferLine, String shutdownLine, Duration jitterBuffer, Duration jitterBufferMax,
    List<SipTrunk> trunks, List<DigestAlgorithm> digestAlgorithms, int invitesPerMinute, Duration sessionExpires,
    Duration minSessionExpires) {
  private static final Duration MAX_JITTER_BUFFER = Duration.ofSeconds(1);

  public static SipSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    String host = reader.string("parley.sip.host", "PARLEY_SIP_HOST");
    int rtpMin = reader.port("parley.sip.rtp-port-min", "PARLEY_SIP_RTP_PORT_MIN");
    int rtpMax = reader.port("parley.sip.rtp-port-max", "PARLEY_SIP_RTP_PORT_MAX");
    if (rtpMax < rtpMin) {
      throw new InvalidSettingException("PARLEY_SIP_RTP_PORT_MAX (parley.sip.rtp-port-max): expected a port at or above "
          + "PARLEY_SIP_RTP_PORT_MIN (" + rtpMin + "), got " + rtpMax);
    }
    Map<String, String> numbers = new LinkedHashMap<>();
    for (String entry : list(reader.optionalString("parley.sip.numbers").orElse(""))) {
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || !SessionId.isValidTenant(parts[1].strip())) {
        throw new InvalidSettingException("PARLEY_SIP_NUMBERS (parley.sip.numbers): expected number=tenant pairs separated "
            + "by commas, e.g. +4930123456=acme, got '" + entry + "'");
      }
      numbers.put(digits(parts[0]), parts[1].strip());
    }
    Duration jitterBuffer = reader.duration("parley.sip.jitter-buffer", "PARLEY_SIP_JITTER_BUFFER");
    if (jitterBuffer.toMillis() < 20 || jitterBuffer.compareTo(MAX_JITTER_BUFFER) > 0) {
      throw new InvalidSettingException("PARLEY_SIP_JITTER_BUFFER (parley.sip.jitter-buffer): expected a duration from 20ms"
          + " to 1s, got " + jitterBuffer.toMillis() + "ms");
    }
    Duration jitterBufferMax = reader.duration("parley.sip.jitter-buffer-max", "PARLEY_SIP_JITTER_BUFFER_MAX");
    if (jitterBufferMax.compareTo(jitterBuffer) < 0 || jitterBufferMax.compareTo(MAX_JITTER_BUFFER) > 0) {
      throw new InvalidSettingException("PARLEY_SIP_JITTER_BUFFER_MAX (parley.sip.jitter-buffer-max): expected a duration"
          + " from PARLEY_SIP_JITTER_BUFFER (" + jitterBuffer.toMillis() + "ms) to 1s, got " + jitterBufferMax.toMillis()
          + "ms");
    }
    Duration minSessionExpires = reader.duration("parley.sip.min-session-expires", "PARLEY_SIP_MIN_SESSION_EXPIRES");
    Duration sessionExpires = reader.duration("parley.sip.session-expires", "PARLEY_SIP_SESSION_EXPIRES");
    if (minSessionExpires.toSeconds() < 1 || sessionExpires.compareTo(minSessionExpires) < 0) {
      throw new InvalidSettingException("PARLEY_SIP_SESSION_EXPIRES (parley.sip.session-expires) and "
          + "PARLEY_SIP_MIN_SESSION_EXPIRES (parley.sip.min-session-expires): expected whole seconds, the interval at or above"
          + " the minimum, got " + sessionExpires.toSeconds() + "s and " + minSessionExpires.toSeconds() + "s");
    }
    boolean enabled = reader.flag("parley.sip.enabled", "PARLEY_SIP_ENABLED");
    Optional<String> advertised = reader.optionalString("parley.sip.advertised-address");
    return new SipSettings(
        enabled,
        host,
        reader.port("parley.sip.port", "PARLEY_SIP_PORT"),
        enabled ? advertised(advertised, host) : advertised.orElse(host),
        rtpMin,
        rtpMax,
        reader.positiveInt("parley.sip.max-calls", "PARLEY_SIP_MAX_CALLS"),
        reader.duration("parley.sip.media-timeout", "PARLEY_SIP_MEDIA_TIMEOUT"),
        reader.string("parley.sip.greeting", "PARLEY_SIP_GREETING"),
        Map.copyOf(numbers),
        Set.copyOf(list(reader.optionalString("parley.sip.allowed-sources").orElse(""))),
        reader.string("parley.sip.transfer-line", "PARLEY_SIP_TRANSFER_LINE"),
        reader.string("parley.sip.shutdown-line", "PARLEY_SIP_SHUTDOWN_LINE"),
        jitterBuffer,
        jitterBufferMax,
        reader.optionalJson("parley.sip.trunks", "PARLEY_SIP_TRUNKS", SipTrunkList.EXPECTED_FORM, SipTrunkList::parse)
            .orElse(List.of()),
        digestAlgorithms(reader.optionalString("parley.sip.digest-algorithms").orElse("")),
        reader.nonNegativeInt("parley.sip.invites-per-minute", "PARLEY_SIP_INVITES_PER_MINUTE"),
        sessionExpires,
        minSessionExpires);
  }

  /** Why the node could not take calls, with the settings that decide it: a second node on one machine finds the first one's SIP port taken. */
  String notListening(Exception failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return "the SIP bridge could not listen on " + host + ":" + port + " (UDP and TCP): "
        + root.getMessage() + ". Another process, such as another node on this machine, may hold the port: give each"
        + " node its own PARLEY_SIP_PORT (and PARLEY_SIP_RTP_PORT_MIN to PARLEY_SIP_RTP_PORT_MAX range), or set"
        + " PARLEY_SIP_ENABLED=false on a node that takes no calls";
  }

  /**
   * The address a call is told to send to, in Contact, Via and SDP's {@code IN IP4} lines: an IPv4
   * address, never the wildcard, which a caller would read as nowhere (or as a hold).
   */
  private static String advertised(Optional<String> configured, String host) {
    String address = configured.orElse(host);
    if (usableAddress(address)) return address;
    throw new InvalidSettingException("PARLEY_SIP_ADVERTISED_ADDRESS (parley.sip.advertised-address): " + (configured.isPresent()
        ? "expected the IPv4 address callers reach this node at, such as a NAT's public address, got '" + address + "'"
        : "required when PARLEY_SIP_HOST is '" + host + "': the IPv4 address callers reach this node at, which calls are"
            + " told to send their audio and requests to"));
  }

  private static boolean usableAddress(String address) {
    try {
      return !Inet4Address.ofLiteral(address).isAnyLocalAddress();
    } catch (IllegalArgumentException notAnAddress) {
      return false;
    }
  }

  private static List<DigestAlgorithm> digestAlgorithms(String commaSeparated) {
    List<String> names = list(commaSeparated);
    List<DigestAlgorithm> algorithms = names.stream().flatMap(name -> DigestAlgorithm.named(name).stream()).distinct()
        .toList();
    if (names.isEmpty() || algorithms.size() != names.size()) {
      throw new InvalidSettingException("PARLEY_SIP_DIGEST_ALGORITHMS (parley.sip.digest-algorithms): expected SHA-256 "
          + "and/or MD5 separated by commas, the preferred first, e.g. SHA-256,MD5, got '" + commaSeparated + "'");
    }
    return algorithms;
  }

  /** A dialled number as its digits (and a leading +), so "+49 30 123" and "+4930123" are one number. */
  static String digits(String number) {
    return DialledNumber.normalized(number);
  }

  private static List<String> list(String commaSeparated) {
    return List.of(commaSeparated.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
