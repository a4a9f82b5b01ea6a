package io.parley.voice.premium;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578), built in memory: the largest upload is one
 * utterance, a couple of megabytes at most.
 */
final class MultipartForm {
  private final String boundary = "parley-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  MultipartForm field(String name, String value) {
    part("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(CRLF);
    return this;
  }

  /** A file part; servers such as OpenAI's tell the audio format by the file name and its type. */
  MultipartForm file(String name, String fileName, String contentType, byte[] content) {
    part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n\r\n");
    body.writeBytes(content);
    body.writeBytes(CRLF);
    return this;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  HttpRequest.BodyPublisher publisher() {
    ByteArrayOutputStream whole = new ByteArrayOutputStream(body.size() + boundary.length() + 8);
    whole.writeBytes(body.toByteArray());
    whole.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return HttpRequest.BodyPublishers.ofByteArray(whole.toByteArray());
  }

  private void part(String headers) {
    body.writeBytes(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.UTF_8));
  }

  private static final byte[] CRLF = {'\r', '\n'};
}
