-- Knowledge sources (KnowledgeSources in tools, docs/knowledge-sources.md): a website (a start URL
-- or a sitemap) or a help-centre export (Zendesk Guide, Intercom Articles) that a tenant's knowledge
-- base keeps current by syncing it on a schedule and on demand.
-- kb_source.run counts the source's syncs; run_done is false while one runs, and stays false when a
-- node stopped during it: the next claim resumes that run rather than starting another. lease_owner
-- and lease_until make one node in the cluster the source's syncer at a time: a node claims the row
-- when the lease is free or has lapsed, and renews it as it goes.
-- kb_source_page: each page or article of a source, keyed by its URL, with the knowledge-base
-- document it became (a fixed id from source and URL, so a resumed sync replaces, never duplicates),
-- the validators of its last answer (etag, last_modified) for conditional requests, and the run that
-- last saw it (seen_run): a run skips the pages it has seen, and at its end retires the ones it has not.
-- links: the same-site links of a page crawled from a start URL, so that a resumed crawl finds
-- the pages beyond those it already read without reading them again.
-- [h2]
-- The same tables as PostgreSQL's, with H2's name for TEXT (VARCHAR: up to 1,000,000 characters).
-- [end]

CREATE TABLE IF NOT EXISTS kb_source (
  tenant VARCHAR(255) NOT NULL,
  id VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('website', 'zendesk', 'intercom')),
  url VARCHAR(2000),
  sitemap BOOLEAN NOT NULL,
  include_paths VARCHAR(4000) NOT NULL,
  exclude_paths VARCHAR(4000) NOT NULL,
  page_limit INTEGER NOT NULL,
  sync_every_seconds BIGINT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  next_sync_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_sync_at TIMESTAMP WITH TIME ZONE,
  last_outcome VARCHAR(1000),
  run BIGINT NOT NULL,
  run_done BOOLEAN NOT NULL,
  lease_owner VARCHAR(64),
  lease_until TIMESTAMP WITH TIME ZONE,
  fetched BIGINT NOT NULL,
  not_modified BIGINT NOT NULL,
  failed BIGINT NOT NULL,
  fetched_bytes BIGINT NOT NULL,
  PRIMARY KEY (tenant, id)
);

CREATE INDEX IF NOT EXISTS kb_source_due ON kb_source (next_sync_at);

CREATE TABLE IF NOT EXISTS kb_source_page (
  tenant VARCHAR(255) NOT NULL,
  source_id VARCHAR(64) NOT NULL,
  url VARCHAR(2000) NOT NULL,
  document_id VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('imported', 'unchanged', 'updated', 'failed', 'retired')),
  reason VARCHAR(1000),
  title VARCHAR(300),
  locale VARCHAR(35),
  remote_updated_at TIMESTAMP WITH TIME ZONE,
  etag VARCHAR(500),
  last_modified VARCHAR(100),
  content_hash VARCHAR(64),
  has_document BOOLEAN NOT NULL,
  seen_run BIGINT NOT NULL,
  changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
-- [h2]
  links VARCHAR,
-- [postgres]
  links TEXT,
-- [end]
  PRIMARY KEY (tenant, source_id, url),
  FOREIGN KEY (tenant, source_id) REFERENCES kb_source (tenant, id) ON DELETE CASCADE
);
