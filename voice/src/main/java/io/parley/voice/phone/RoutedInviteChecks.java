package io.parley.voice.phone;

import io.parley.core.call.CallEnd;
import io.parley.core.identity.TenantDirectory;
import io.parley.voice.VoiceCalls;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What a routed INVITE must pass before its call takes an RTP port and starts a session, in this
 * order: a number of a tenant (404), a tenant that is not disabled (403), voice engines that could
 * be loaded and room under the call limit (503 with Retry-After, which a trunk takes as "another
 * node"), an offer of G.711 audio within bounds (413, 488) and a session timer the node can keep
 * (422). Each refusal is answered here and counted under its cause, so no session is started for a
 * call that could not be answered.
 */
final class RoutedInviteChecks {
  /** A node whose engines failed stays so until it restarts: the trunk is told to try elsewhere for a while. */
  static final Duration WITHOUT_VOICE_RETRY = Duration.ofSeconds(60);
  static final Duration BUSY_RETRY = Duration.ofSeconds(30);

  /** An INVITE that may ring: the route's tenant, its offer and the session timer its answer keeps. */
  record Admitted(String tenant, SdpOffer offer, SessionTimer timer) {}

  private final MessageFactory messages;
  private final InviteResponses responses;
  private final DialogHeaders dialogHeaders;
  private final CallDialogs calls;
  private final CallRegistry registry;
  private final RefusalLog refusals;
  private final TenantDirectory tenants;
  private final VoiceCalls voice;
  private final IntSupplier maxCalls;

  RoutedInviteChecks(MessageFactory messages, InviteResponses responses, DialogHeaders dialogHeaders, CallDialogs calls,
      CallRegistry registry, RefusalLog refusals, TenantDirectory tenants, VoiceCalls voice, IntSupplier maxCalls) {
    this.messages = messages;
    this.responses = responses;
    this.dialogHeaders = dialogHeaders;
    this.calls = calls;
    this.registry = registry;
    this.refusals = refusals;
    this.tenants = tenants;
    this.voice = voice;
    this.maxCalls = maxCalls;
  }

  /** The call {@code invite} from {@code source} may ring for {@code tenant}; or empty, refused and answered. */
  Optional<Admitted> admit(ServerTransaction transaction, Request invite, String source, Optional<String> tenant)
      throws Exception {
    if (tenant.isEmpty()) return refuse(transaction, tenant, CallEnd.NOT_FOUND, status(Response.NOT_FOUND, invite));
    // Its calls in progress were ended when it was disabled; a new one is refused for good (no retry helps).
    if (tenants.isDisabled(tenant.get())) {
      return refuse(transaction, tenant, CallEnd.TENANT_DISABLED, status(Response.FORBIDDEN, invite));
    }
    if (voice.unavailable()) {
      return refuse(transaction, tenant, CallEnd.FAILED, responses.unavailable(invite, WITHOUT_VOICE_RETRY));
    }
    if (calls.size() >= maxCalls.getAsInt()) {
      return refuse(transaction, tenant, CallEnd.BUSY, responses.unavailable(invite, BUSY_RETRY));
    }
    byte[] body = invite.getRawContent();
    if (body != null && body.length > SdpOffer.MAX_LENGTH) {
      refusals.refused(source, "an offer of " + body.length + " bytes");
      return refuse(transaction, tenant, CallEnd.NOT_ACCEPTABLE, status(Response.REQUEST_ENTITY_TOO_LARGE, invite));
    }
    Optional<SdpOffer> offer = body == null ? Optional.empty()
        : SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
    if (offer.isEmpty() || offer.get().g711().isEmpty() || offer.get().port() == 0) {
      refusals.refused(source, offer.isEmpty() ? "an offer without audio" : "an offer without G.711 audio");
      return refuse(transaction, tenant, CallEnd.NOT_ACCEPTABLE, status(Response.NOT_ACCEPTABLE_HERE, invite));
    }
    SessionTimer timer = dialogHeaders.sessionTimer(invite);
    if (timer instanceof SessionTimer.TooSmall tooSmall) {
      DialogHeaders.send(transaction, calls.intervalTooSmall(invite, tooSmall));
      return Optional.empty();
    }
    return Optional.of(new Admitted(tenant.get(), offer.get(), timer));
  }

  private Response status(int status, Request invite) throws ParseException {
    return messages.createResponse(status, invite);
  }

  private Optional<Admitted> refuse(ServerTransaction transaction, Optional<String> tenant, CallEnd cause,
      Response response) throws ParseException, InvalidArgumentException, SipException {
    registry.refused(tenant, cause);
    DialogHeaders.send(transaction, response);
    return Optional.empty();
  }
}
