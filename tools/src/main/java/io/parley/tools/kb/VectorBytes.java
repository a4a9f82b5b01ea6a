package io.parley.tools.kb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embeddings as stored: little-endian float32, the format of {@code user_memory.embedding} too. */
final class VectorBytes {
  private VectorBytes() {}

  static byte[] toBytes(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * vector.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) bytes.putFloat(value);
    return bytes.array();
  }

  static float[] fromBytes(byte[] stored) {
    if (stored.length % Float.BYTES != 0) {
      throw new IllegalStateException("A stored embedding of " + stored.length + " bytes is not a float32 vector");
    }
    ByteBuffer bytes = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
    float[] vector = new float[stored.length / Float.BYTES];
    for (int i = 0; i < vector.length; i++) vector[i] = bytes.getFloat();
    return vector;
  }
}
