-- Approved conclusions are immutable: a correction is a new version. The one
-- change allowed is the account link going away (ON DELETE SET NULL of the
-- approver); the approver's name, the text and the time stay as approved.
CREATE FUNCTION conclusion_versions_immutable() RETURNS trigger AS $$
BEGIN
  IF NEW.session_id IS DISTINCT FROM OLD.session_id
    OR NEW.version IS DISTINCT FROM OLD.version
    OR NEW.text IS DISTINCT FROM OLD.text
    OR NEW.approved_by_name IS DISTINCT FROM OLD.approved_by_name
    OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
    OR NEW.approved_by_id IS NOT NULL AND NEW.approved_by_id IS DISTINCT FROM OLD.approved_by_id
  THEN
    RAISE EXCEPTION 'approved conclusions cannot be changed: add a new version'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER conclusion_versions_immutable
  BEFORE UPDATE ON conclusion_versions
  FOR EACH ROW EXECUTE FUNCTION conclusion_versions_immutable();
