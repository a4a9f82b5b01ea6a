package io.parley.core.llm.testing;

import io.parley.core.llm.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link FakeChatCompletionsServer} sends back for one request. Build one with the static
 * factories, refine it with the {@code with...}/{@code ...ing} methods (each returns a copy), and
 * {@link FakeChatCompletionsServer#enqueue(Reply...) enqueue} it.
 */
public sealed interface Reply {
  /** A normal stream carrying the server's responder's answer to the request. */
  static Answer answer() {
    return new Answer(Optional.empty(), Duration.ZERO, Duration.ZERO, OptionalInt.empty(), OptionalInt.empty());
  }

  /** A normal stream carrying {@code text}, whatever the request said. */
  static Answer answer(String text) {
    return answer().withText(text);
  }

  /**
   * A stream in which the model calls {@code calls}, in OpenAI's fragments: each call's id and name
   * first, then its arguments in pieces; finish reason {@code "tool_calls"}.
   */
  static ToolCallAnswer toolCalls(ToolCall... calls) {
    return new ToolCallAnswer(List.of(calls), "", ToolCallAnswer.Layout.FRAGMENTED, "tool_calls", OptionalInt.empty());
  }

  /** A non-2xx response with an OpenAI-shaped body: {@code {"error":{"message":...}}}. */
  static HttpError error(int status, String message) {
    return new HttpError(status, FakeChatCompletionsServer.openAiErrorBody(status, message), Optional.empty());
  }

  /** A non-2xx response with this exact JSON body, e.g. Cloudflare's {@code {"errors":[...]}}. */
  static HttpError errorBody(int status, String jsonBody) {
    return new HttpError(status, jsonBody, Optional.empty());
  }

  /**
   * A 200 {@code text/event-stream} response whose body is exactly {@code body}, for wire-format
   * cases the other replies cannot produce: malformed chunks, a missing {@code [DONE]}, quirks of
   * particular servers.
   */
  static RawEvents rawEvents(String body) {
    return new RawEvents(body);
  }

  /**
   * A streamed answer. Chunk counts below count content chunks only: the role chunk always comes
   * first, and the finish, usage and {@code [DONE]} chunks follow the last content chunk.
   *
   * @param text the answer, or empty for the server's responder
   * @param headerDelay how long to wait before sending the response headers
   * @param chunkDelay how long to wait before each content chunk
   * @param disconnectAfter drop the connection, mid-body, after this many content chunks
   * @param stallAfter stop sending, with the connection open, after this many content chunks
   */
  record Answer(
      Optional<String> text,
      Duration headerDelay,
      Duration chunkDelay,
      OptionalInt disconnectAfter,
      OptionalInt stallAfter)
      implements Reply {
    public Answer {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(headerDelay, "headerDelay");
      Objects.requireNonNull(chunkDelay, "chunkDelay");
      Objects.requireNonNull(disconnectAfter, "disconnectAfter");
      Objects.requireNonNull(stallAfter, "stallAfter");
    }

    public Answer withText(String answer) {
      return new Answer(Optional.of(answer), headerDelay, chunkDelay, disconnectAfter, stallAfter);
    }

    /** Holds back the response headers, to exercise a client's first-byte timeout. */
    public Answer delayingHeaders(Duration delay) {
      return new Answer(text, delay, chunkDelay, disconnectAfter, stallAfter);
    }

    public Answer withChunkDelay(Duration delay) {
      return new Answer(text, headerDelay, delay, disconnectAfter, stallAfter);
    }

    /** Closes the connection without ending the chunked body, as a crashed server or proxy would. */
    public Answer disconnectingAfter(int contentChunks) {
      return new Answer(text, headerDelay, chunkDelay, OptionalInt.of(contentChunks), stallAfter);
    }

    /** Goes silent until the server is closed, to exercise a client's idle timeout. */
    public Answer stallingAfter(int contentChunks) {
      return new Answer(text, headerDelay, chunkDelay, disconnectAfter, OptionalInt.of(contentChunks));
    }
  }

  /**
   * A streamed answer that calls tools: the role chunk, the text's content chunks when there is
   * text, the calls' chunks, the finish chunk, usage when asked, {@code [DONE]}. Chunk counts below
   * count content and tool-call chunks.
   *
   * @param text said before the calls; "" for none
   * @param layout how the calls are cut into chunks
   * @param finishReason OpenAI says "tool_calls"; some servers say "stop"
   * @param disconnectAfter drop the connection, mid-body, after this many chunks
   */
  record ToolCallAnswer(
      List<ToolCall> calls, String text, Layout layout, String finishReason, OptionalInt disconnectAfter)
      implements Reply {
    public enum Layout {
      /** Each call in turn: a chunk with its index, id and name, then chunks of its arguments. */
      FRAGMENTED,
      /** The same chunks, taking turns between the calls, as a server generating them in parallel might. */
      INTERLEAVED,
      /** One chunk per call carrying all of it, as Ollama sends them. */
      WHOLE
    }

    public ToolCallAnswer {
      calls = List.copyOf(calls);
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("a tool-call answer needs at least one call");
      }
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(finishReason, "finishReason");
      Objects.requireNonNull(disconnectAfter, "disconnectAfter");
    }

    public ToolCallAnswer withText(String before) {
      return new ToolCallAnswer(calls, before, layout, finishReason, disconnectAfter);
    }

    public ToolCallAnswer interleaved() {
      return new ToolCallAnswer(calls, text, Layout.INTERLEAVED, finishReason, disconnectAfter);
    }

    public ToolCallAnswer inWholeChunks() {
      return new ToolCallAnswer(calls, text, Layout.WHOLE, finishReason, disconnectAfter);
    }

    public ToolCallAnswer withFinishReason(String reason) {
      return new ToolCallAnswer(calls, text, layout, reason, disconnectAfter);
    }

    /** Closes the connection without ending the chunked body, as a crashed server or proxy would. */
    public ToolCallAnswer disconnectingAfter(int chunks) {
      return new ToolCallAnswer(calls, text, layout, finishReason, OptionalInt.of(chunks));
    }
  }

  /**
   * A failed response.
   *
   * @param retryAfter sent as a {@code Retry-After} header in whole seconds, rounded up
   */
  record HttpError(int status, String body, Optional<Duration> retryAfter) implements Reply {
    public HttpError {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
      }
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public HttpError withRetryAfter(Duration delay) {
      return new HttpError(status, body, Optional.of(delay));
    }
  }

  /** A 200 event stream with a verbatim body; see {@link Reply#rawEvents(String)}. */
  record RawEvents(String body) implements Reply {
    public RawEvents {
      Objects.requireNonNull(body, "body");
    }
  }
}
