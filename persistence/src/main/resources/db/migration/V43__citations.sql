-- Answers that cite their sources (docs/tools.md#citations). A document's url is where
-- readers find it, linked under an answer that cites it (NULL: none; only http and https are
-- stored). kb_article_use.cited counts the answers that cited an article, beside the searches that
-- found it (uses), per tenant, UTC day and projection slice.
ALTER TABLE kb_document ADD COLUMN IF NOT EXISTS url VARCHAR(2000);
ALTER TABLE kb_article_use ADD COLUMN IF NOT EXISTS cited BIGINT NOT NULL DEFAULT 0;
