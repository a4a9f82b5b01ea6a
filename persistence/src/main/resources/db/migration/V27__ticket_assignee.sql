-- The staff member a ticket is assigned to (their agent id: a token's subject, a staff account's
-- id or key:<name>), NULL while nobody has taken it; the consoles list a person's tickets by it.
-- ticket_change.assigned_to is whom an update assigned it to (NULL when the assignee did not change).
ALTER TABLE ticket ADD COLUMN assignee VARCHAR(255);
ALTER TABLE ticket_change ADD COLUMN assigned_to VARCHAR(255);
