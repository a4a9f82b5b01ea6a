package io.parley.persistence.testing;

import io.parley.persistence.Dialect;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test that runs once on each dialect, H2 and PostgreSQL, given as its {@link Dialect} parameter;
 * {@link DialectDatabases} opens its databases.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest
@EnumSource(Dialect.class)
public @interface OnEachDialect {}
