-- Queue positions are unique within a session. Deferred to commit, so that a
-- move or a removal can shift positions through transient duplicates inside
-- its transaction; positions are NULL outside the queue, and NULLs never
-- conflict. (drizzle's schema cannot declare a deferrable constraint.)
ALTER TABLE "speaker_entries"
  ADD CONSTRAINT "speaker_entries_position_unique"
  UNIQUE ("session_id", "position") DEFERRABLE INITIALLY DEFERRED;
