package io.parley.sessions.entity;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list that grows by one element at a time without copying itself: a settled part,
 * shared by every version made from it, and a recent part of at most {@link #RECENT} elements,
 * which is what each new version copies. Every {@code RECENT} additions the two are merged into a
 * new settled part, so appending costs {@code n / RECENT} on average instead of {@code n}: a
 * session's transcript grew by a full copy per message, thousands of messages into a conversation.
 */
final class GrowingList<E> extends AbstractList<E> implements RandomAccess {
  static final int RECENT = 64;
  private static final GrowingList<?> EMPTY = new GrowingList<>(List.of(), List.of());

  private final List<E> settled;
  private final List<E> recent;

  private GrowingList(List<E> settled, List<E> recent) {
    this.settled = settled;
    this.recent = recent;
  }

  /** {@code list} itself when it is one, else an immutable copy of it (no nulls, as {@code List.copyOf}). */
  @SuppressWarnings("unchecked")
  static <E> GrowingList<E> of(List<? extends E> list) {
    if (list instanceof GrowingList<?> growing) return (GrowingList<E>) growing;
    return list.isEmpty() ? (GrowingList<E>) EMPTY : new GrowingList<>(List.copyOf(list), List.of());
  }

  /** This list with {@code element} added at the end. */
  GrowingList<E> plus(E element) {
    if (recent.size() < RECENT) return new GrowingList<>(settled, appended(recent, element));
    List<E> merged = new ArrayList<>(settled.size() + recent.size());
    merged.addAll(settled);
    merged.addAll(recent);
    return new GrowingList<>(List.copyOf(merged), List.of(element));
  }

  private static <E> List<E> appended(List<E> list, E element) {
    List<E> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(element);
    return List.copyOf(copy);
  }

  @Override
  public E get(int index) {
    int settledSize = settled.size();
    return index < settledSize ? settled.get(index) : recent.get(index - settledSize);
  }

  @Override
  public int size() {
    return settled.size() + recent.size();
  }
}
