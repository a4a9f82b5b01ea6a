-- Whom an audit entry's action was done to, when it was done to a person (JdbcAuditLog): a staff
-- account as '<email> (<id>)', or the email an invitation is for; NULL for every other action.
-- Beside the actor, it says who changed which staff account (docs/security.md#audit-log).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS target VARCHAR(300);
