-- Outbound call campaigns (docs/voice.md#campaigns), kept by JdbcCampaigns, CampaignLeads and
-- DoNotCallList: a tenant's list of leads that the bot calls within each lead's calling window, at a
-- pace, with retries of busy and unanswered attempts. Times in epoch milliseconds.
-- campaign: its settings (window_days: ISO day numbers, "1,2,3,4,5"), status (running, paused,
-- stopped, finished) and the lease that makes one node its dialler at a time (lease_owner,
-- lease_until): a node claims the row when the lease is free or has lapsed and renews it as it dials.
CREATE TABLE IF NOT EXISTS campaign (
  tenant VARCHAR(255) NOT NULL,
  id VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('running', 'paused', 'stopped', 'finished')),
  bot_version INTEGER,
  purpose VARCHAR(300),
  caller_id VARCHAR(64),
  window_opens VARCHAR(5) NOT NULL,
  window_closes VARCHAR(5) NOT NULL,
  window_days VARCHAR(20) NOT NULL,
  concurrent_calls INTEGER NOT NULL,
  calls_per_minute INTEGER NOT NULL,
  retry_attempts INTEGER NOT NULL,
  retry_delay_ms BIGINT NOT NULL,
  retry_backoff DOUBLE PRECISION NOT NULL,
  lease_owner VARCHAR(64),
  lease_until BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS campaign_running ON campaign (status, lease_until);

-- campaign_lead: one lead of a campaign, numbered in upload order (seq). number: what is dialled
-- (an E.164 number or a SIP URI); number_key: its tenant-scoped hash (DialledNumbers.key), which the
-- do-not-call list is checked against in the statement that claims the lead. fields: the lead's
-- named fields as a JSON object, given to the bot as the call's context. state: pending (due at
-- next_at), dialling (claimed by lease owner owner for call call_id: written before the INVITE is
-- sent, so a node that dies mid-call never has the lead dialled again), answered (session_id
-- talking), done (last_outcome final). attempts counts the calls placed.
CREATE TABLE IF NOT EXISTS campaign_lead (
  tenant VARCHAR(255) NOT NULL,
  campaign_id VARCHAR(64) NOT NULL,
  seq INTEGER NOT NULL,
  number VARCHAR(300) NOT NULL,
  number_key VARCHAR(64) NOT NULL,
  name VARCHAR(200),
  time_zone VARCHAR(64) NOT NULL,
  fields VARCHAR(8000) NOT NULL,
  state VARCHAR(16) NOT NULL CHECK (state IN ('pending', 'dialling', 'answered', 'done')),
  attempts INTEGER NOT NULL,
  next_at BIGINT NOT NULL,
  last_outcome VARCHAR(16),
  last_sip_status INTEGER,
  owner VARCHAR(64),
  call_id VARCHAR(64),
  session_id VARCHAR(255),
  dialled_at BIGINT,
  ended_at BIGINT,
  PRIMARY KEY (tenant, campaign_id, seq)
);
CREATE INDEX IF NOT EXISTS campaign_lead_due ON campaign_lead (campaign_id, state, next_at);
CREATE INDEX IF NOT EXISTS campaign_lead_call ON campaign_lead (call_id);
CREATE INDEX IF NOT EXISTS campaign_lead_session ON campaign_lead (tenant, session_id);

-- do_not_call: the numbers a tenant's bot never dials again, by their tenant-scoped hash (never the
-- number itself), masked for people to read; source: 'call' (the callee asked during a call) or 'api'.
CREATE TABLE IF NOT EXISTS do_not_call (
  tenant VARCHAR(255) NOT NULL,
  number_key VARCHAR(64) NOT NULL,
  masked VARCHAR(300) NOT NULL,
  source VARCHAR(8) NOT NULL CHECK (source IN ('call', 'api')),
  added_at BIGINT NOT NULL,
  PRIMARY KEY (tenant, number_key)
);
