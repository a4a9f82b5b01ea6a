package io.parley.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs {@code target/parley-server.jar}, as the README's commands do, so it can
 * only run once the jar is packaged: the build runs these classes after {@code package}, in a
 * surefire run of their own (http/pom.xml, {@code server-jar-test}), one at a time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("server-jar")
@interface UsesServerJar {}
