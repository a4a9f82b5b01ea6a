package io.parley.core;

/**
 * Marker for every message that crosses a process boundary or is persisted: the actor system
 * binds it to Pekko's jackson-cbor serializer. Pekko 1.x ships no such marker in its main jars,
 * so the project owns one.
 */
public interface CborSerializable {}
