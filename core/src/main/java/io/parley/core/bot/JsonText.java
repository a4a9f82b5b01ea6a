package io.parley.core.bot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * A JSON value a configuration holds as text (a tool's JSON schema), so that every serializer of
 * the configuration can carry it (the sessions' Kryo writes records and strings, not Jackson's
 * trees), while Jackson, in the journal and in the API alike, writes and reads it as the JSON value
 * itself ({@link Writer}, {@link Reader}).
 */
public final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  /** The value of {@code text}, which this class or Jackson wrote. */
  public static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a configuration holds JSON text that is not JSON", e);
    }
  }

  /** Writes the text as the JSON value it holds. */
  public static final class Writer extends JsonSerializer<String> {
    @Override
    public void serialize(String text, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeTree(tree(text));
    }
  }

  /** Reads any JSON value as its text. */
  public static final class Reader extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode value = parser.readValueAsTree();
      return value.toString();
    }
  }
}
