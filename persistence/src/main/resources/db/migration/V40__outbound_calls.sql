-- Calls the node places for a tenant (POST /v1/calls, docs/voice.md#outbound-calls), kept by
-- JdbcOutboundCalls: a call busy, unanswered or declined never has a session, so its outcome lives
-- here, beside the session of one answered. state: dialling, ringing, answered or ended; outcome
-- once decided (answered, busy, no_answer, declined, failed, cancelled, voicemail), sip_status the
-- final response that decided it. target: the callee with all but its last four characters masked,
-- never the whole number. node: the node that dials it, the only one that can cancel it. Times in
-- epoch milliseconds.
CREATE TABLE IF NOT EXISTS outbound_call (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  tenant VARCHAR(255) NOT NULL,
  node VARCHAR(255) NOT NULL,
  state VARCHAR(16) NOT NULL CHECK (state IN ('dialling', 'ringing', 'answered', 'ended')),
  outcome VARCHAR(16),
  sip_status INTEGER,
  session_id VARCHAR(255),
  target VARCHAR(300) NOT NULL,
  caller_id VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  answered_at BIGINT,
  ended_at BIGINT
);
CREATE INDEX IF NOT EXISTS outbound_call_session ON outbound_call (tenant, session_id);

-- A tenant's trunk for the calls it places (PUT /v1/calls/trunk, docs/operations.md#outbound-trunks):
-- the registrar or proxy the INVITEs go to, the digest login it challenges for, the caller id
-- shown. password_sealed: the password sealed under the tenant's key (TenantSecrets), base64; it
-- is never read back.
CREATE TABLE IF NOT EXISTS outbound_trunk (
  tenant VARCHAR(255) NOT NULL PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  port INTEGER NOT NULL,
  username VARCHAR(255),
  password_sealed VARCHAR(2048),
  caller_id VARCHAR(64) NOT NULL,
  updated_at BIGINT NOT NULL
);
