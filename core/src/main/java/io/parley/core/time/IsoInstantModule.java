package io.parley.core.time;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads instants written as {@link IsoInstant} reads them on its fast path, and every other form
 * (an offset, an epoch number) as the JavaTimeModule does. Registered after that module (Pekko's
 * {@code jackson-modules}), it takes its place for {@link Instant}.
 */
public final class IsoInstantModule extends SimpleModule {
  public IsoInstantModule() {
    super("IsoInstantModule");
    addDeserializer(Instant.class, new Deserializer());
  }

  private static final class Deserializer extends StdScalarDeserializer<Instant> {
    Deserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_STRING) {
        Optional<Instant> read = IsoInstant.parse(parser.getText());
        if (read.isPresent()) return read.get();
      }
      return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
  }
}
