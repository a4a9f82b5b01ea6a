// Draws the items of a Conversation (conversation.js) into a list element, one child each, for the
// node's chat page, the widget and the agent console. An item keeps its element while it changes
// (pending to stored, streaming to final), the element is drawn again only when the item's `rev`
// moved, and moved only when out of place: a live region announces what is new, not everything.

export class BubbleList {
  /**
   * @param list the element the items go in (an <ol> or <ul>)
   * @param create () => a new, empty element for an item
   * @param fill (element, item) => draws the item into its element
   */
  constructor(list, { create, fill }) {
    this.list = list;
    this.create = create;
    this.fill = fill;
    // item -> { element, rev }
    this.drawn = new Map();
  }

  /** Shows exactly `items`, in this order. Returns whether anything was added, drawn again or removed. */
  render(items) {
    let changed = false;
    const shown = new Set(items);
    for (const [item, { element }] of this.drawn) {
      if (shown.has(item)) continue;
      element.remove();
      this.drawn.delete(item);
      changed = true;
    }
    let previous = null;
    for (const item of items) {
      let drawn = this.drawn.get(item);
      if (!drawn) {
        drawn = { element: this.create(), rev: -1 };
        this.drawn.set(item, drawn);
      }
      if (drawn.rev !== item.rev) {
        this.fill(drawn.element, item);
        drawn.rev = item.rev;
        changed = true;
      }
      const expected = previous ? previous.nextSibling : this.list.firstChild;
      if (expected !== drawn.element) this.list.insertBefore(drawn.element, expected);
      previous = drawn.element;
    }
    return changed;
  }
}
