-- The read journal's query by tag (TagRangeReadJournalDao) reads one tag's events between two
-- orderings from here, rather than every event of the range from event_journal.
CREATE INDEX IF NOT EXISTS event_tag_tag ON event_tag (tag, event_id);
