-- Saved replies of a tenant, written by its admins and inserted by its agents from the composer;
-- body may hold variables such as {{customer.name}} and {{agent.name}}, filled in the console.
CREATE TABLE IF NOT EXISTS saved_replies (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  tenant VARCHAR(63) NOT NULL,
  title VARCHAR(100) NOT NULL,
  body VARCHAR(4000) NOT NULL,
  updated_by VARCHAR(255) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT saved_replies_title UNIQUE (tenant, title)
);

-- Internal notes of the staff on a conversation: kept apart from the session's journal, so no
-- customer frame, transcript, archive, widget or model prompt can hold them.
CREATE TABLE IF NOT EXISTS conversation_notes (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  tenant VARCHAR(63) NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  author_id VARCHAR(255) NOT NULL,
  author_name VARCHAR(64) NOT NULL,
  body VARCHAR(4000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS conversation_notes_session ON conversation_notes (tenant, session_id, created_at);
