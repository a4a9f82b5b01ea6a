package io.parley.voice.phone;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call in ({@link CallAdmission}) on the wire: an INVITE from a trunk's source without
 * credentials gets 401 with a {@code WWW-Authenticate} digest challenge for each algorithm offered,
 * SHA-256 first (RFC 8760; a user agent server challenges with 401, a proxy with 407), one with
 * wrong credentials, credentials for another Request-URI or from a source nobody allowed gets 403,
 * and the rest go on to be answered.
 */
final class TrunkGate {
  private static final Logger LOG = LoggerFactory.getLogger(TrunkGate.class);
  static final String REALM = "parley";

  private final CallAdmission admission;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final RefusalLog refusals;

  TrunkGate(SipSettings settings, MessageFactory messages, HeaderFactory headers, RefusalLog refusals) {
    this.admission = new CallAdmission(settings.trunks(), settings.allowedSources(),
        DigestAuthentication.withRandomSecret(REALM, settings.digestAlgorithms(), Clock.systemUTC()));
    this.messages = messages;
    this.headers = headers;
    this.refusals = refusals;
  }

  /** Whether {@code source} is a trunk's own address ({@link CallAdmission#isTrunkAddress}). */
  boolean isTrunkAddress(String source) {
    return admission.isTrunkAddress(source);
  }

  /** The response that turns {@code invite} away (401 or 403); empty when it may go on. */
  Optional<Response> refusal(Request invite) throws ParseException {
    InetAddress source = ((SIPRequest) invite).getRemoteAddress();
    CallAdmission.Decision decision = admission.decide(source.getHostAddress(), source.isLoopbackAddress(),
        credentials(invite), invite.getMethod(), invite.getRequestURI().toString());
    if (decision instanceof CallAdmission.Admitted admitted) {
      admitted.trunk().ifPresent(trunk -> LOG.debug("call from trunk {}", trunk));
      return Optional.empty();
    }
    if (decision instanceof CallAdmission.Challenge challenge) {
      challenge.suspicion().ifPresent(why -> refusals.refused(source.getHostAddress(), why));
      Response unauthorized = messages.createResponse(Response.UNAUTHORIZED, invite);
      for (DigestAlgorithm algorithm : challenge.algorithms()) {
        WWWAuthenticateHeader digest = headers.createWWWAuthenticateHeader("Digest");
        digest.setRealm(challenge.realm());
        digest.setNonce(challenge.nonce());
        digest.setAlgorithm(algorithm.token());
        digest.setQop("auth");
        if (challenge.stale()) digest.setStale(true);
        // In the order of preference: a client takes the topmost it supports (RFC 8760 §2.4).
        unauthorized.addHeader(digest);
      }
      return Optional.of(unauthorized);
    }
    refusals.refused(source.getHostAddress(), ((CallAdmission.Forbidden) decision).reason());
    return Optional.of(messages.createResponse(Response.FORBIDDEN, invite));
  }

  /** Each digest {@code Authorization} header, in order; a client may answer every challenge it was given. */
  private static List<DigestCredentials> credentials(Request invite) {
    List<DigestCredentials> answers = new ArrayList<>();
    ListIterator<?> all = invite.getHeaders(AuthorizationHeader.NAME);
    while (all.hasNext()) {
      if (all.next() instanceof AuthorizationHeader header && "Digest".equalsIgnoreCase(header.getScheme())
          && header.getUsername() != null && header.getNonce() != null && header.getResponse() != null
          && header.getParameter("uri") != null) {
        answers.add(new DigestCredentials(header.getUsername(), String.valueOf(header.getRealm()), header.getNonce(),
            header.getParameter("uri"), header.getResponse(), Optional.ofNullable(header.getAlgorithm()),
            Optional.ofNullable(header.getQop()), Optional.ofNullable(header.getParameter("nc")),
            Optional.ofNullable(header.getCNonce())));
      }
    }
    return answers;
  }
}
