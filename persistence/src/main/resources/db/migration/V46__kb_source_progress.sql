-- A knowledge source's sync as it goes (docs/knowledge-sources.md#progress): run_pages is how many
-- pages the open run is to deal with, once it has listed them (a sitemap's or an export's, or a
-- crawl's read and queued so far); NULL before the run has listed any. The pages it has dealt with
-- are those of kb_source_page marked with the run (seen_run), so a resumed run counts on from
-- where the stopped one was.
ALTER TABLE kb_source ADD COLUMN IF NOT EXISTS run_pages INTEGER;
