package io.parley.voice.phone.outbound;

import io.parley.voice.phone.RtpChannel;
import io.parley.voice.phone.SdpOffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INVITE the node sends, from the offer to its final response: provisional responses ring
 * (183's early media is taken as it comes: the channel sends nothing before the answer), a 401 or
 * 407 is answered once with the trunk's credentials, a 2xx is acknowledged and becomes a call (or,
 * when the node cannot make it one, is hung up and fails), any other final response ends it with
 * its {@link OutboundOutcome}. The ring timeout and the API's cancel send CANCEL; a 2xx that
 * crosses the CANCEL is acknowledged and hung up at once (RFC 3261 §9.1). The SIP stack's threads
 * and the timer race for it, hence the lock.
 */
final class OutboundDialog {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundDialog.class);

  /** What the dialog needs of the node's SIP side. */
  interface Line {
    /** The INVITE again with the credentials for {@code challenge}; empty when there are none to give. */
    Optional<ClientTransaction> authenticated(Response challenge, ClientTransaction challenged) throws Exception;

    /**
     * The answered call, acknowledged: its session, its voice and its dialog, as an inbound call's, told to
     * {@code progress}; when it throws, before telling, the call is hung up and ends as {@code failed}.
     */
    void connect(OutboundDialog dialog, Dialog sipDialog, SdpOffer answer, Response ok,
        Consumer<OutboundProgress> progress) throws Exception;

    ClientTransaction transaction(Request request) throws Exception;
  }

  private enum State { DIALLING, RINGING, CANCELLING, DONE }

  private final OutboundCall call;
  private final RtpChannel rtp;
  private final Line line;
  private final Consumer<OutboundProgress> progress;
  private ClientTransaction invite;
  private State state = State.DIALLING;
  private boolean challenged;
  // Answered: the dialog's later responses (a refresh's, a retransmitted 2xx) are the call's, not this INVITE's.
  private boolean connected;
  private OutboundOutcome cancelledAs = OutboundOutcome.CANCELLED;

  OutboundDialog(OutboundCall call, RtpChannel rtp, ClientTransaction invite, Line line,
      Consumer<OutboundProgress> progress) {
    this.call = call;
    this.rtp = rtp;
    this.invite = invite;
    this.line = line;
    this.progress = progress;
  }

  OutboundCall call() {
    return call;
  }

  RtpChannel rtp() {
    return rtp;
  }

  /** A response to the INVITE (or to the CANCEL, which changes nothing); false once the call is answered. */
  synchronized boolean onResponse(ResponseEvent event) {
    if (connected) return false;
    Response response = event.getResponse();
    int status = response.getStatusCode();
    if (!Request.INVITE.equals(method(response)) || state == State.DONE) {
      if (status / 100 == 2 && state == State.DONE && Request.INVITE.equals(method(response))) {
        acknowledgeAndHangUp(event);
      }
      return true;
    }
    try {
      if (status < 200) {
        if (state == State.DIALLING && status > Response.TRYING) {
          state = State.RINGING;
          progress.accept(new OutboundProgress.Ringing());
        }
      } else if (status / 100 == 2) {
        answered(event);
      } else if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && !challenged
          && state != State.CANCELLING) {
        challenged = true;
        Optional<ClientTransaction> again = line.authenticated(response, invite);
        if (again.isEmpty()) {
          end(OutboundOutcome.FAILED, Optional.of(status));
        } else {
          invite = again.get();
          invite.sendRequest();
        }
      } else if (state == State.CANCELLING && status == Response.REQUEST_TERMINATED) {
        end(cancelledAs, Optional.empty());
      } else {
        end(OutboundOutcome.ofStatus(status), Optional.of(status));
      }
    } catch (Exception e) {
      LOG.warn("outbound call {}: the response {} could not be handled: {}", call.id(), status, e.toString());
      end(OutboundOutcome.FAILED, Optional.of(status));
    }
    return true;
  }

  private void answered(ResponseEvent event) throws Exception {
    Response ok = event.getResponse();
    byte[] body = ok.getRawContent();
    Optional<SdpOffer> answer = body == null ? Optional.empty()
        : SdpOffer.parse(new String(body, StandardCharsets.UTF_8))
            .filter(sdp -> sdp.port() != 0 && sdp.g711().equals(OutboundOffer.CODEC));
    if (answer.isEmpty() || state == State.CANCELLING) {
      // Answered without audio the node can speak, or after the node gave up: acknowledged, then hung up.
      acknowledgeAndHangUp(event);
      end(answer.isEmpty() ? OutboundOutcome.FAILED : cancelledAs,
          answer.isEmpty() ? Optional.of(Response.NOT_ACCEPTABLE_HERE) : Optional.empty());
      return;
    }
    acknowledge(event);
    try {
      line.connect(this, event.getDialog(), answer.get(), ok, progress);
    } catch (Exception e) {
      // Picked up, but the node could not make it a call: hung up rather than left silent, its channel closed.
      LOG.warn("outbound call {}: answered, but could not become a call: {}", call.id(), e.toString());
      hangUp(event.getDialog());
      end(OutboundOutcome.FAILED, Optional.empty());
      return;
    }
    state = State.DONE;
    connected = true;
  }

  private void acknowledgeAndHangUp(ResponseEvent event) {
    try {
      acknowledge(event);
    } catch (Exception e) {
      LOG.warn("outbound call {}: a late answer could not be acknowledged: {}", call.id(), e.toString());
      return;
    }
    hangUp(event.getDialog());
  }

  private static void acknowledge(ResponseEvent event) throws Exception {
    Dialog dialog = event.getDialog();
    dialog.sendAck(dialog.createAck(((CSeqHeader) event.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber()));
  }

  private void hangUp(Dialog dialog) {
    try {
      dialog.sendRequest(line.transaction(dialog.createRequest(Request.BYE)));
    } catch (Exception e) {
      LOG.warn("outbound call {}: an answer could not be hung up: {}", call.id(), e.toString());
    }
  }

  /** The ring timeout ({@code no_answer}) or the API ({@code cancelled}): CANCEL, unless the call was answered. */
  synchronized boolean cancel(OutboundOutcome as) {
    if (state == State.DONE || state == State.CANCELLING) return false;
    cancelledAs = as;
    boolean heardBack = state == State.RINGING;
    state = State.CANCELLING;
    try {
      line.transaction(invite.createCancel()).sendRequest();
    } catch (Exception e) {
      // Nothing heard back yet (RFC 3261 §9.1: no CANCEL before a provisional response): ended here.
      LOG.info("outbound call {}: no CANCEL sent ({}), ended as {}", call.id(), e.toString(), as.wireName());
      end(as, Optional.empty());
      return true;
    }
    if (!heardBack) end(as, Optional.empty());
    return true;
  }

  /**
   * A CANCEL sent a while ago was never followed by the INVITE's final response (a far end that
   * ignores it): the call ends as it was cancelled, rather than ringing on in the API.
   */
  synchronized void abandon() {
    if (state == State.CANCELLING) end(cancelledAs, Optional.empty());
  }

  /** The INVITE's transaction timed out: nobody answered at all. */
  synchronized void onTimeout() {
    if (state != State.DONE) end(state == State.CANCELLING ? cancelledAs : OutboundOutcome.NO_ANSWER,
        Optional.of(Response.REQUEST_TIMEOUT));
  }

  private void end(OutboundOutcome outcome, Optional<Integer> status) {
    if (state == State.DONE) return;
    state = State.DONE;
    rtp.close();
    progress.accept(new OutboundProgress.Ended(outcome, status));
  }

  private static String method(Response response) {
    return ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
  }
}
