-- A campaign lead's personal data sealed (docs/security.md#campaign-leads): sealed holds its number,
-- name and fields as one AES-256-GCM box under the tenant's key, base64 (CampaignLeads); user_id is
-- the user id its callee has on a phone call (a tenant-scoped hash of the number, PhoneUsers), which
-- erasing that user deletes the lead by. What the dialler queries on (state, times, attempts,
-- number_key) stays in clear. The plain columns are emptied by the node that starts next
-- (CampaignLeads.sealPlain): sealing needs the tenant's key, which SQL does not hold.
ALTER TABLE campaign_lead ADD COLUMN IF NOT EXISTS sealed VARCHAR(40000);
ALTER TABLE campaign_lead ADD COLUMN IF NOT EXISTS user_id VARCHAR(64);
ALTER TABLE campaign_lead ALTER COLUMN number DROP NOT NULL;
ALTER TABLE campaign_lead ALTER COLUMN fields DROP NOT NULL;
CREATE INDEX IF NOT EXISTS campaign_lead_user ON campaign_lead (tenant, user_id);
