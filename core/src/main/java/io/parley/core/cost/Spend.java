package io.parley.core.cost;

import io.parley.core.WireName;

/**
 * One use of a paid engine, as a call or conversation measured it: what a {@link PriceTable} turns
 * into money. The {@link #engine()} names the price it is charged at.
 */
public sealed interface Spend {
  /** What was used: {@code speech_to_text}, {@code text_to_speech}, {@code model}, {@code trunk}. */
  String kind();

  /** The engine (a speech engine's, a model provider's name) or the trunk's direction. */
  String engine();

  /** How much: milliseconds heard, characters spoken, tokens, seconds connected. */
  long quantity();

  /** Audio a speech-to-text engine heard, in the milliseconds it bills. */
  record Transcribed(String engine, long millis) implements Spend {
    public String kind() {
      return "speech_to_text";
    }

    public long quantity() {
      return millis;
    }
  }

  /** Characters a text-to-speech engine spoke. */
  record Spoken(String engine, long characters) implements Spend {
    public String kind() {
      return "text_to_speech";
    }

    public long quantity() {
      return characters;
    }
  }

  /** A model's answer: the tokens it read and wrote, at the provider's prices. */
  record Answered(String engine, long inputTokens, long outputTokens) implements Spend {
    public String kind() {
      return "model";
    }

    public long quantity() {
      return inputTokens + outputTokens;
    }
  }

  /** A phone call's time on the trunk, from its answer to its end, in the call's direction. */
  record Connected(Direction direction, long seconds) implements Spend {
    public String kind() {
      return "trunk";
    }

    public String engine() {
      return direction.wireName();
    }

    public long quantity() {
      return seconds;
    }
  }

  /** Who placed a phone call: the caller (inbound) or the node (outbound). */
  enum Direction implements WireName {
    INBOUND, OUTBOUND
  }
}
