package io.parley.voice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A call's side of {@link AnswerCuts} as a test sees it: the turns whose answers the session was
 * asked to cut, in order. The edge's playback is never awaited: a test reports it, or not.
 */
final class CutsAsked implements AnswerCuts.Call {
  final List<String> interrupted = new CopyOnWriteArrayList<>();

  @Override
  public void interrupt(String turnId, String heard) {
    interrupted.add(turnId);
  }

  @Override
  public void awaitPlayed(String turnId) {}

  @Override
  public void stopAwaitingPlayed(String turnId) {}
}
