package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.testing.TestSpeech;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A caller on baresip ({@link Baresip}) whose microphone says phrases, and what their call's session shows. */
final class PhoneCaller {
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private static final int RATE = 8_000;

  private PhoneCaller() {}

  /** The session the node's answer named. */
  static String sessionOf(Baresip phone) {
    Matcher session = SESSION.matcher(phone.log());
    assertTrue(session.find(), "the node's answer carried X-Parley-Session:\n" + phone.log());
    return session.group(1);
  }

  /** What the caller said, as the session's user messages, in lower case. */
  static List<String> userMessages(JsonNode view) {
    List<String> texts = new ArrayList<>();
    for (JsonNode message : view.get("messages")) {
      if (message.get("role").asText().equals("user")) texts.add(message.get("text").asText().toLowerCase(Locale.ROOT));
    }
    return texts;
  }

  /** The assistant's messages that are not the greeting. */
  static List<JsonNode> answers(JsonNode view) {
    List<JsonNode> answers = new ArrayList<>();
    for (JsonNode message : view.get("messages")) {
      if (message.get("role").asText().equals("assistant") && !message.path("source").asText().equals("greeting")) {
        answers.add(message);
      }
    }
    return answers;
  }

  /** What baresip's microphone plays: the test voice's phrases at given times, silence around them, two minutes long. */
  static final class Microphone {
    private final short[] samples = new short[RATE * 120];
    private int end;

    /** {@code text} said from {@code millis} into the call, from its first voiced frame to its last. */
    Microphone at(int millis, String text) {
      short[] words = EnergyVoiceActivity.defaults(RATE).voicedPart(TestSpeech.say(text, RATE), 0.35);
      int from = RATE / 1000 * millis;
      System.arraycopy(words, 0, samples, from, words.length);
      end = from + words.length;
      return this;
    }

    /** {@code text} said {@code millis} after the end of the last phrase's audio. */
    Microphone after(int millis, String text) {
      return at(end / (RATE / 1000) + millis, text);
    }

    short[] samples() {
      return samples;
    }
  }
}
