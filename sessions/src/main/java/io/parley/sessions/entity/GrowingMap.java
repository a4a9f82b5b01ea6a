package io.parley.sessions.entity;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An immutable map that grows by one entry at a time without copying itself, as {@link GrowingList}
 * does: a shared settled part and a recent part of at most {@link GrowingList#RECENT} entries, the
 * only part a new version copies. Keys are never replaced, only added (a session's client message
 * ids); adding a key already present copies the whole map, which a session never needs.
 */
public final class GrowingMap<K, V> extends AbstractMap<K, V> {
  private static final GrowingMap<?, ?> EMPTY = new GrowingMap<>(Map.of(), Map.of());

  private final Map<K, V> settled;
  private final Map<K, V> recent;

  private GrowingMap(Map<K, V> settled, Map<K, V> recent) {
    this.settled = settled;
    this.recent = recent;
  }

  /** {@code map} itself when it is one, else an immutable copy of it (no nulls, as {@code Map.copyOf}). */
  @SuppressWarnings("unchecked")
  public static <K, V> GrowingMap<K, V> of(Map<? extends K, ? extends V> map) {
    if (map instanceof GrowingMap<?, ?> growing) return (GrowingMap<K, V>) growing;
    return map.isEmpty() ? (GrowingMap<K, V>) EMPTY : new GrowingMap<>(Map.copyOf(map), Map.of());
  }

  /** This map with {@code key} mapped to {@code value}. */
  public GrowingMap<K, V> plus(K key, V value) {
    if (recent.size() < GrowingList.RECENT && !settled.containsKey(key)) {
      Map<K, V> copy = new HashMap<>(recent);
      copy.put(key, value);
      return new GrowingMap<>(settled, Map.copyOf(copy));
    }
    Map<K, V> merged = new HashMap<>(settled);
    merged.putAll(recent);
    merged.put(key, value);
    return new GrowingMap<>(Map.copyOf(merged), Map.of());
  }

  @Override
  public V get(Object key) {
    V value = recent.get(key);
    return value != null ? value : settled.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return recent.containsKey(key) || settled.containsKey(key);
  }

  @Override
  public int size() {
    return settled.size() + recent.size();
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<K, V>> iterator() {
        return Stream.concat(settled.entrySet().stream(), recent.entrySet().stream()).iterator();
      }

      @Override
      public int size() {
        return GrowingMap.this.size();
      }
    };
  }
}
