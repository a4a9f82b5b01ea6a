package io.parley.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that must have the machine to itself: failover timings between node JVMs, threads
 * counted on a child node, a browser speaking into its fake microphone in real time, a shutdown's
 * frames drained within 300 ms. The build runs these classes in a surefire run of their own
 * (http/pom.xml, {@code serial-test}), one at a time in one JVM, as every test ran before the other
 * runs got more.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("serial")
@interface RunsAlone {}
