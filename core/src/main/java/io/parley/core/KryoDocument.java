package io.parley.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A type that a {@link KryoSerializable} message holds but Kryo writes as its jackson-cbor
 * document: its fields are then no part of Kryo's shapes, and a node reads a document with
 * fields its release does not know (they are ignored), as the journal's readers do. For types
 * that gain fields from release to release, such as the bot configuration.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KryoDocument {}
