// What changes in the tenant's admin data, as the node tells it (GET /v1/admin/changes, Server-Sent
// Events read with the console's credential): the panels on screen listen for the parts they show
// (live-reads.js) and read again when one changed. The stream opens at sign-in and closes at sign-out;
// after a cut it opens again (event-stream.js), and its first event, `ready`, tells every listener,
// as changes may have been missed meanwhile.

import { EventFollower } from '/client/event-stream.js';

export class AdminChanges {
  /** {@code console}'s credential ({@code credential.fetchOptions}) opens the stream. */
  constructor(console) {
    this.listeners = new Set();
    this.follower = new EventFollower({
      open: (signal) => {
        const { headers, credentials } = console.credential.fetchOptions('GET');
        return fetch('/v1/admin/changes', {
          headers: { ...headers, Accept: 'text/event-stream' }, credentials, cache: 'no-store', signal,
        });
      },
      onEvent: ({ event }) => this.listeners.forEach((listener) => {
        if (event === 'ready' || listener.kinds.includes(event)) listener.heard();
      }),
    });
  }

  /** Follows the node's changes from now on (the console signed in). */
  follow() {
    this.follower.start();
  }

  stop() {
    this.follower.stop();
  }

  /**
   * Calls {@code heard} at each change of one of {@code kinds} ('config', 'experiments', 'knowledge',
   * 'team', 'conversations'); returns what stops it.
   */
  listen(kinds, heard) {
    const listener = { kinds, heard };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
