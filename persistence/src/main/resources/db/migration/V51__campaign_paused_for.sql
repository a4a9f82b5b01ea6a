-- Why a paused campaign is paused (docs/operations.md#budgets), kept by JdbcCampaigns: 'admin' (an
-- admin resumes it) or 'budget' (its tenant's budget in money is spent; a node's dialler resumes it
-- once the budget allows again); NULL unless paused. In the row rather than in a node's memory, so
-- that every node's dialler finds a campaign the budget paused, after restarts too. Campaigns paused
-- before were paused by an admin, or by the budget with an admin to resume them: both stay an admin's.
ALTER TABLE campaign ADD COLUMN IF NOT EXISTS paused_for VARCHAR(8);
UPDATE campaign SET paused_for = 'admin' WHERE status = 'paused' AND paused_for IS NULL;
CREATE INDEX IF NOT EXISTS campaign_paused_for ON campaign (paused_for);
