package io.parley.persistence;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stored form of an embedding, in user memory, the knowledge base and the answer cache alike:
 * its floats as little-endian IEEE 754 float32, 4 bytes each.
 */
public final class EmbeddingBytes {
  private EmbeddingBytes() {}

  public static byte[] encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  public static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalStateException("A stored embedding of " + bytes.length + " bytes is not a float32 vector");
    }
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
