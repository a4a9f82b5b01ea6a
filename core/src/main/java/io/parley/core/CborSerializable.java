package io.parley.core;

/**
 * Marker for every message that is persisted, and for commands and replies that cross a process
 * boundary: the actor system binds it to Pekko's jackson-cbor serializer, whose format tolerates
 * added fields. Pekko 1.x ships no such marker in its main jars, so the project owns one; the
 * other one, {@link KryoSerializable}, is for high-volume messages that are never persisted.
 */
public interface CborSerializable {}
