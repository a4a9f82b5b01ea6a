package io.parley.tools.kb.sources;

import io.parley.core.WireName;

/** What the last sync that saw a page of a source did with it. */
public enum PageStatus implements WireName.InJson {
  /** Read for the first time and added to the knowledge base. */
  IMPORTED,
  /** The source said it had not changed (a 304, or the same text): nothing re-indexed. */
  UNCHANGED,
  /** Its text changed: its document was chunked and indexed again, a new version kept. */
  UPDATED,
  /** It could not be read or stored; its last good version, if any, stays searchable. */
  FAILED,
  /** The source no longer has it: its document left the index, its versions kept. */
  RETIRED
}
