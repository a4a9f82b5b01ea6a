package io.parley.tools.kb.sources;

import io.parley.core.WireName;

/** What a knowledge source reads: a website's pages, a help centre's articles export, or files its admins upload. */
public enum SourceKind implements WireName.InJson {
  /** Pages of a site, from a start URL by its links or from a sitemap. */
  WEBSITE,
  /** A Zendesk Guide articles export: {@code {"articles":[{"id","title","body","html_url","locale","updated_at"}]}}. */
  ZENDESK,
  /** An Intercom Articles export: {@code {"type":"list","data":[{"id","title","body","url","updated_at"}]}}. */
  INTERCOM,
  /**
   * Files and zips of files uploaded to it (HTML, Markdown, PDF, Word, text): it has no address and
   * no schedule, and syncs when files are uploaded ({@link FileSourceUpload}).
   */
  FILES
}
