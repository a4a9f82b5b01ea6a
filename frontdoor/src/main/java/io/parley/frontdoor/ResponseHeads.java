package io.parley.frontdoor;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.util.ByteString;

/** Writes the answer to a handshake: the switch to a socket, or a refusal with its body. */
final class ResponseHeads {
  private ResponseHeads() {}

  static ByteString render(HttpResponse response, HttpEntity.Strict body) {
    StringBuilder head = new StringBuilder(256)
        .append("HTTP/1.1 ").append(response.status().intValue()).append(' ').append(response.status().reason()).append("\r\n");
    for (HttpHeader header : response.getHeaders()) {
      // A value that could end the head early never reaches the client.
      if (header.value().indexOf('\r') >= 0 || header.value().indexOf('\n') >= 0) continue;
      head.append(header.name()).append(": ").append(header.value()).append("\r\n");
    }
    if (response.status().intValue() != 101) {
      if (!body.getContentType().equals(ContentTypes.NO_CONTENT_TYPE)) {
        head.append("Content-Type: ").append(body.getContentType()).append("\r\n");
      }
      head.append("Content-Length: ").append(body.getData().size()).append("\r\n");
    }
    return ByteString.fromString(head.append("\r\n").toString(), StandardCharsets.ISO_8859_1).concat(body.getData());
  }
}
