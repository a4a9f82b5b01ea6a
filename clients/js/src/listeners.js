// The listeners of a ParleyClient's events (session-client.js), by type: each hears the event in
// the order it subscribed, and one that throws breaks neither the others nor the protocol.

export class Listeners {
  constructor() {
    this.byType = new Map();
  }

  /** Subscribes `fn` to `type`; returns the function that unsubscribes it. */
  on(type, fn) {
    if (!this.byType.has(type)) this.byType.set(type, new Set());
    this.byType.get(type).add(fn);
    return () => this.off(type, fn);
  }

  off(type, fn) {
    this.byType.get(type)?.delete(fn);
  }

  emit(type, payload) {
    for (const fn of [...(this.byType.get(type) ?? [])]) {
      try {
        fn(payload);
      } catch (failure) {
        // A listener's bug must not break the protocol; report it where it can be seen.
        setTimeout(() => { throw failure; });
      }
    }
  }
}
