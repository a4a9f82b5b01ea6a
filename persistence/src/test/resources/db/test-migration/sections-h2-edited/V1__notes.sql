-- One migration three times: here, with its H2 section edited, and with its PostgreSQL one edited.
CREATE TABLE IF NOT EXISTS notes (
  id BIGINT PRIMARY KEY,
-- [h2]
  body VARCHAR(2000)
    NOT NULL
-- [postgres]
  body TEXT NOT NULL
-- [end]
);
