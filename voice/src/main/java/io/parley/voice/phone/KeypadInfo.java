package io.parley.voice.phone;

import io.parley.voice.phone.keys.DtmfInfo;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * SIP INFO in a call (RFC 6086), the way many PBXs send keys: a key's body ({@link DtmfInfo}) is
 * answered 200 and the key goes to the call as its RTP's keys do; an INFO without a body 200 (a
 * probe of the dialog); any other body 415 with the types taken ({@code Accept}); a body that names
 * no key 400; an INFO of no call of this node's 481.
 */
final class KeypadInfo {
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final CallDialogs calls;

  KeypadInfo(MessageFactory messages, HeaderFactory headers, CallDialogs calls) {
    this.messages = messages;
    this.headers = headers;
    this.calls = calls;
  }

  void onInfo(ServerTransaction transaction, Request info) throws Exception {
    Optional<CallDialogs.ActiveCall> call = calls.call(DialogHeaders.callId(info));
    if (call.isEmpty()) {
      DialogHeaders.send(transaction, messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, info));
      return;
    }
    byte[] body = info.getRawContent();
    ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
    if (body == null || body.length == 0) {
      DialogHeaders.send(transaction, messages.createResponse(Response.OK, info));
    } else if (type == null || !DtmfInfo.carriesKeys(type.getContentType(), type.getContentSubType())) {
      Response unsupported = messages.createResponse(Response.UNSUPPORTED_MEDIA_TYPE, info);
      unsupported.addHeader(headers.createAcceptHeader("application", "dtmf-relay"));
      unsupported.addHeader(headers.createAcceptHeader("application", "dtmf"));
      DialogHeaders.send(transaction, unsupported);
    } else {
      Optional<Character> key = DtmfInfo.key(type.getContentSubType(), new String(body, StandardCharsets.UTF_8));
      DialogHeaders.send(transaction, messages.createResponse(key.isPresent() ? Response.OK : Response.BAD_REQUEST, info));
      key.ifPresent(pressed -> call.get().media().pressed(pressed, Keypress.SIP_INFO));
    }
  }
}
