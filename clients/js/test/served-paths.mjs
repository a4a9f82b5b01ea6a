// The consoles (clients/web) import the client library where the node serves it, `/client/<module>`;
// in Node.js those are the library's own sources. Loaded with `node --import` before the unit tests.
import { register } from 'node:module';

register('./served-paths-hooks.mjs', import.meta.url);
