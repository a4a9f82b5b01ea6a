package io.parley.sessions.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.KryoDocument;
import java.io.IOException;

/**
 * A {@link KryoDocument} type as its jackson-cbor document, length first, written and read with
 * the mapper of Pekko's {@code jackson-cbor} binding, which ignores fields it does not know: a
 * field a later release adds to the type is no part of Kryo's shapes, and a node of the release
 * before reads the document without it.
 */
final class DocumentSerializer extends Serializer<Object> {
  private final ObjectMapper mapper;

  DocumentSerializer(ObjectMapper mapper) {
    super(false, true);
    this.mapper = mapper;
  }

  @Override
  public void write(Kryo kryo, Output output, Object value) {
    try {
      byte[] document = mapper.writeValueAsBytes(value);
      output.writeVarInt(document.length, true);
      output.writeBytes(document);
    } catch (IOException e) {
      throw new KryoException("could not write " + value.getClass().getName() + " as its document", e);
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    byte[] document = input.readBytes(input.readVarInt(true));
    try {
      return mapper.readValue(document, type);
    } catch (IOException e) {
      throw new KryoException("could not read " + type.getName() + " from its document", e);
    }
  }
}
