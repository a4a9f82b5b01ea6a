package io.parley.core;

/**
 * Marker for messages that cross between nodes but are never persisted (what a session pushes to
 * its subscribers): the actor system binds it to Parley's Kryo serializer, measured several times
 * faster than jackson-cbor for them (docs/performance.md). Kryo's format follows the record
 * components' order and has no schema evolution, so a persisted type must stay
 * {@link CborSerializable}.
 */
public interface KryoSerializable {}
