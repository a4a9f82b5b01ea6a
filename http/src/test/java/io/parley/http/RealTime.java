package io.parley.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose calls or spoken turns are paced in real time (RTP every 20 ms, speech as long
 * as it is spoken): it mostly waits, and asserts gaps and pacing. The build runs these classes in
 * a surefire run of their own (http/pom.xml, {@code realtime-test}), four JVMs at a time, never
 * beside the CPU-heavy end-to-end tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("realtime")
@interface RealTime {}
