// What the bot remembers about a customer (docs/memory.md#what-people-see-and-correct): the one model
// the widget's "What you remember about me" and the agent console's side panel draw. It reads and
// changes the customer's long-term memory over REST (/v1/users/{userId}/memory) through `send`,
// which carries the page's own credential: the widget's token of the signed-in customer, the
// console's sign-in cookie. A fact is shown as its kind in words and its value, and corrected by its
// value: the kind stays ("customer_name: " + what was typed), so recall still knows what it is. A
// kind is labelled in the reader's language where the page has a text for it (the widget's pack:
// memoryCustomerName for customer_name), else in English words made of the kind's name.

const EPISODE = 'episode';

/** The kind of a fact in English words: "customer_name" reads "Customer name". */
const englishLabel = (name) => {
  const words = String(name).replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The text key a fact's kind is labelled by in a language pack ("memoryCustomerName"), and the
 * label itself: `wording(key)` is the page's text of a key, the key itself when it has none.
 */
export const factKey = (name) => `memory${String(name).split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}`;
export const factLabel = (name, wording = (key) => key) => {
  const text = wording(factKey(name));
  return typeof text === 'string' && text !== factKey(name) ? text : englishLabel(name);
};

/** An entry of the memory as people read it: `{id, label, value, episode, at}`, its kind worded by `wording` (see factLabel). */
export const memoryItem = (entry, wording) => {
  const episode = entry.name === EPISODE || entry.kind === 'episodic';
  const prefix = `${entry.name}: `;
  const value = !episode && entry.text.startsWith(prefix) ? entry.text.slice(prefix.length) : entry.text;
  const label = episode ? 'A past conversation' : factLabel(entry.name, wording);
  return { id: entry.id, label, value, episode, at: entry.at };
};

/** The text an entry is stored with once its value reads `value`: a fact keeps its kind in front. */
export const correctedText = (entry, value) => {
  const text = String(value).trim();
  return memoryItem(entry).episode ? text : `${entry.name}: ${text}`;
};

export class UserMemory {
  /**
   * `userId`: whose memory; `send(method, path, body)`: a promise of the node's JSON answer (null
   * for 204), rejected with an Error whose message says why when the node refuses; `wording(key)`:
   * the page's text of a key in its language (the key itself when it has none), for the facts' labels.
   */
  constructor({ userId, send, wording }) {
    this.userId = userId;
    this.send = send;
    this.wording = wording;
    this.entries = [];
    this.listeners = new Set();
  }

  /** Calls `listener(items)` whenever what is remembered changes; returns a function that stops it. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The entries as people read them, newest first. */
  get items() {
    return this.entries.map((entry) => memoryItem(entry, this.wording));
  }

  path(id) {
    const base = `/v1/users/${encodeURIComponent(this.userId)}/memory`;
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  /** Reads what is remembered now. */
  async load() {
    const answer = await this.send('GET', this.path());
    this.changed(Array.isArray(answer?.entries) ? answer.entries : []);
    return this.items;
  }

  /** Corrects an entry's value (blank: refused before asking the node). */
  async correct(id, value) {
    const entry = this.entries.find((each) => each.id === id);
    if (!entry) throw new Error('nothing remembered has that id');
    if (!String(value).trim()) throw new Error('a correction needs some text; delete the item instead');
    const text = correctedText(entry, value);
    await this.send('PUT', this.path(id), { text });
    this.changed(this.entries.map((each) => (each.id === id ? { ...each, text } : each)));
  }

  /** Forgets one entry. */
  async forget(id) {
    await this.send('DELETE', this.path(id));
    this.changed(this.entries.filter((each) => each.id !== id));
  }

  /** Forgets everything remembered about the customer. */
  async forgetAll() {
    await this.send('DELETE', this.path());
    this.changed([]);
  }

  changed(entries) {
    this.entries = entries;
    const items = this.items;
    for (const listener of this.listeners) listener(items);
  }
}
