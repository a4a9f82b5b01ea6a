-- The language each knowledge-base document is written in (KnowledgeBase in tools): a canonical
-- BCP 47 tag, given when the document was added or detected from its text. Its chunks are indexed
-- with that language's analyzer only. NULL for a document added before the column: the index
-- detects its language when it is next built and stores it here (docs/languages.md).
ALTER TABLE kb_document ADD COLUMN IF NOT EXISTS language VARCHAR(35);
