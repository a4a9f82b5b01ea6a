-- A campaign's own message for answering machines (docs/voice.md#answering-machines): as JSON, one
-- text for every call ("...") or a text per language ({"en": "...", "de": "..."}); NULL when the
-- campaign has none and its calls leave the tenant's (voice.voicemailMessage).
ALTER TABLE campaign ADD COLUMN IF NOT EXISTS voicemail TEXT;

-- The number keys of campaign_lead (number_key, user_id) and do_not_call (number_key) keyed
-- (docs/security.md#campaign-leads): HMAC-SHA256 under a key of the tenant's own
-- (TenantSecrets.fingerprint) of the plain tenant-scoped hash they held, which anyone could compute
-- for every phone number. keyed: the row's keys are keyed. Rows written before are FALSE and are
-- rekeyed by the node that starts next (CampaignLeads.rekey, DoNotCallList.rekey): keying needs the
-- tenant's key, which SQL does not hold; the HMAC of the old hash needs no number.
ALTER TABLE campaign_lead ADD COLUMN IF NOT EXISTS keyed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE do_not_call ADD COLUMN IF NOT EXISTS keyed BOOLEAN NOT NULL DEFAULT FALSE;
