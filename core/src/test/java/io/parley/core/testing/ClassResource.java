package io.parley.core.testing;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something a test class's tests share (an actor test kit, an actor system, an executor), as a
 * static extension: opened before each run of the class's tests and closed after it. Surefire runs a
 * failed test again in the same JVM, after the class's {@code @AfterAll}; a resource held in a static
 * field since the class loaded is closed by then, this one is opened anew for the rerun. The class
 * reads it per test, {@link #get()}, e.g. in an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
 * private final ActorTestKit testKit = kit.get();
 * }</pre>
 */
public final class ClassResource<T> implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<? extends T> open;
  private final Consumer<? super T> close;
  private T current;

  private ClassResource(Supplier<? extends T> open, Consumer<? super T> close) {
    this.open = open;
    this.close = close;
  }

  /** What {@code open} gives, before each run of the class's tests; given to {@code close} after it. */
  public static <T> ClassResource<T> of(Supplier<? extends T> open, Consumer<? super T> close) {
    return new ClassResource<>(open, close);
  }

  /** The resource of the class's run under way. */
  public T get() {
    if (current == null) throw new IllegalStateException("opened before the class's tests: read it in a test");
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = open.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    T closing = current;
    current = null;
    if (closing != null) close.accept(closing);
  }
}
