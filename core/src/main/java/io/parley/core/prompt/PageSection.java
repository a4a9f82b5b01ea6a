package io.parley.core.prompt;

import io.parley.core.session.PageContext;

/**
 * The customer's page ({@link PageContext}) as a context section of a turn's prompt: fenced as data
 * ({@link DataFence}), which the system prompt tells the model is information only, so a page
 * writing "ignore your rules" in a field is read, never obeyed. It has the lowest priority: the
 * first section left out when the context window is short.
 */
public final class PageSection {
  public static final String HEADING = "The page the customer is on, as their browser reports it:";
  public static final String SOURCE = "the customer's page";
  public static final int PRIORITY = 0;

  private PageSection() {}

  public static ContextSection of(PageContext page) {
    return ContextSection.system(HEADING + "\n" + DataFence.fence(SOURCE, page.lines()), PRIORITY);
  }
}
