package io.parley.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that kills node JVMs (SIGKILL) and starts them again on the same data: what was
 * acked survives, what was under way resumes. Its bounds wait on the nodes' starts, which CPU-heavy
 * classes beside it would stretch, but not on each other's: the build runs these classes in a
 * surefire run of their own (http/pom.xml, {@code kills-nodes-test}), two JVMs at a time, after the
 * other runs' classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kills-nodes")
@interface KillsNodes {}
