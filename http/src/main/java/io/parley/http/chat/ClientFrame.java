package io.parley.http.chat;

import io.parley.core.language.LanguageTag;
import io.parley.core.session.Channel;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import java.util.Optional;
import java.util.OptionalLong;

/** A frame a client sends over {@code /v1/chat/ws} (protocol v1), already validated. */
sealed interface ClientFrame {
  /** The frame's {@code type} on the wire ({@code audio} for a binary frame), which an error refusing it names. */
  String type();

  /**
   * First frame: a new session when {@code sessionId} is empty (on {@code channel}: chat unless the
   * page says voice), else a resume after {@code resumeAfter}. {@code draft}: a test session on the
   * tenant's draft configuration, for those who configure the bot.
   */
  record Start(Optional<String> sessionId, OptionalLong resumeAfter, Optional<String> userId, Channel channel,
      boolean draft, Optional<LanguageTag> language) implements ClientFrame {
    public String type() {
      return "start";
    }
  }

  record User(String clientMsgId, String text) implements ClientFrame {
    public String type() {
      return "user";
    }
  }

  record Close(Optional<String> reason) implements ClientFrame {
    public String type() {
      return "close";
    }
  }

  record Ping() implements ClientFrame {
    public String type() {
      return "ping";
    }
  }

  /** The customer is writing (sent every few seconds while they type); shown to an agent holding the session. */
  record Composing() implements ClientFrame {
    public String type() {
      return "composing";
    }
  }

  /** Starts voice on the joined session, the microphone's audio following at {@code sampleRate} Hz. */
  record VoiceStart(int sampleRate) implements ClientFrame {
    public String type() {
      return "voice";
    }
  }

  /** Stops voice; the session goes on as a text chat. */
  record VoiceStop() implements ClientFrame {
    public String type() {
      return "voice";
    }
  }

  /** A binary frame: microphone audio, mono PCM16 little-endian at the voice start's rate. */
  record Audio(short[] samples) implements ClientFrame {
    public String type() {
      return "audio";
    }
  }

  /** The page the customer is on ({@code Parley.setContext}), replacing the one before; no reply unless refused. */
  record Context(PageContext context) implements ClientFrame {
    public String type() {
      return "context";
    }
  }

  /** The customer rates the conversation, once; followers get {@code rated}, a refusal an {@code error}. */
  record Rate(Rating.Given rating) implements ClientFrame {
    public String type() {
      return "rate";
    }
  }

  /** How much of a spoken answer the page has played; {@code stopped} when it stopped for a barge-in. */
  record Played(String turnId, long millis, boolean stopped) implements ClientFrame {
    public String type() {
      return "played";
    }
  }

  /**
   * The customer approves ({@code approved}) or refuses the tool call that waits for the approval
   * {@code approvalId} (docs/tools.md#approvals); no reply unless refused.
   */
  record Approve(String approvalId, boolean approved, Optional<String> reason) implements ClientFrame {
    public String type() {
      return "approve";
    }
  }
}
