package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.BotConfig;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.bot.PhoneDirectory;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.workflow.Workflow;
import io.parley.sessions.workflow.WorkflowState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every type an entity persists, as an event or as a snapshot, has a golden sample in
 * {@link PersistedFormatTest}, and so does every field of the bot configuration, which each
 * {@code SessionStarted} and each published version holds: a release that adds one without a
 * sample fails here, so what it writes is pinned before a node of another release has to read it
 * (docs/cluster.md, "Upgrading").
 */
class GoldenCoverageTest {
  /** The persisted types' roots: each sealed one stands for the records it permits. */
  private static final List<Class<?>> PERSISTED = List.of(
      SessionEvent.class, SessionState.class, Workflow.Event.class, WorkflowState.class, TenantBotConfig.Event.class,
      AgentQueue.Event.class, AgentQueue.State.class, TenantTokenBudget.Event.class, TenantTokenBudget.State.class,
      PhoneDirectory.Event.class, PhoneDirectory.State.class);

  @Test
  void everyPersistedTypeHasAGoldenSample() {
    Set<Class<?>> sampled = PersistedFormatTest.persistedSamples().values().stream().map(Object::getClass)
        .collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>();
    PERSISTED.forEach(root -> concrete(root).stream().filter(type -> !sampled.contains(type))
        .forEach(type -> missing.add(type.getName())));
    assertEquals(Set.of(), missing, "persisted types without a golden sample in PersistedFormatTest");
  }

  @Test
  void everyFieldOfTheBotConfigurationIsSetInSomeGoldenSample() {
    Set<String> set = new TreeSet<>();
    PersistedFormatTest.persistedSamples().values().forEach(sample -> configurationsIn(sample).forEach(config -> {
      for (RecordComponent field : BotConfig.class.getRecordComponents()) {
        if (isSet(value(field, config))) set.add(field.getName());
      }
    }));
    Set<String> missing = new TreeSet<>();
    for (RecordComponent field : BotConfig.class.getRecordComponents()) {
      if (!set.contains(field.getName())) missing.add(field.getName());
    }
    assertEquals(Set.of(), missing, "bot configuration fields set in no golden sample of PersistedFormatTest");
  }

  /** {@code root} itself when it is a concrete type, else every concrete type its sealed hierarchy permits. */
  private static List<Class<?>> concrete(Class<?> root) {
    if (!root.isSealed()) return List.of(root);
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> permitted : root.getPermittedSubclasses()) found.addAll(concrete(permitted));
    return found;
  }

  /** The bot configurations anywhere inside {@code value}: in its records, optionals, lists and maps. */
  private static List<BotConfig> configurationsIn(Object value) {
    List<BotConfig> found = new ArrayList<>();
    collect(value, found);
    return found;
  }

  private static void collect(Object value, List<BotConfig> found) {
    switch (value) {
      case null -> { }
      case BotConfig config -> found.add(config);
      case Optional<?> optional -> optional.ifPresent(inner -> collect(inner, found));
      case Collection<?> items -> items.forEach(item -> collect(item, found));
      case Map<?, ?> entries -> entries.values().forEach(item -> collect(item, found));
      case Record record -> {
        for (RecordComponent component : record.getClass().getRecordComponents()) collect(value(component, record), found);
      }
      default -> { }
    }
  }

  private static boolean isSet(Object value) {
    return switch (value) {
      case null -> false;
      case Optional<?> optional -> optional.isPresent();
      case Collection<?> items -> !items.isEmpty();
      case Map<?, ?> entries -> !entries.isEmpty();
      default -> true;
    };
  }

  private static Object value(RecordComponent component, Object record) {
    try {
      component.getAccessor().setAccessible(true);
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError("cannot read " + component, e);
    }
  }
}
