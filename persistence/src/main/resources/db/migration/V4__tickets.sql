-- Support tickets per tenant (TicketStore in tools). A ticket's id as people write it is T-<number>;
-- numbers count per tenant from 1001 in ticket_counter, whose row the creating transaction locks.
-- idempotency_key (a tool call's session/turn/call, or a REST client's Idempotency-Key) is unique
-- per tenant, so a retried creation finds the first one's ticket instead of making another;
-- NULL (no key) may repeat. session_id is the chat session that opened it, NULL for the REST API.
-- ticket_change is the history: seq 1 is the creation, then one row per update with what it
-- changed from and to (NULL when that part did not change) and its note.
-- [h2]
-- The same tables as PostgreSQL's, with H2's name for TEXT (VARCHAR: up to 1,000,000 characters).
-- [end]

CREATE TABLE IF NOT EXISTS ticket_counter (
  tenant VARCHAR(255) NOT NULL PRIMARY KEY,
  next_number BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS ticket (
  tenant VARCHAR(255) NOT NULL,
  number BIGINT NOT NULL,
  session_id VARCHAR(255),
  idempotency_key VARCHAR(500),
  subject VARCHAR(200) NOT NULL,
-- [h2]
  description VARCHAR NOT NULL,
-- [postgres]
  description TEXT NOT NULL,
-- [end]
  priority VARCHAR(16) NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status VARCHAR(16) NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant, number),
  CONSTRAINT ticket_idempotency_key UNIQUE (tenant, idempotency_key)
);

CREATE TABLE IF NOT EXISTS ticket_change (
  tenant VARCHAR(255) NOT NULL,
  number BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  status_from VARCHAR(16),
  status_to VARCHAR(16),
  priority_from VARCHAR(16),
  priority_to VARCHAR(16),
-- [h2]
  note VARCHAR,
-- [postgres]
  note TEXT,
-- [end]
  PRIMARY KEY (tenant, number, seq),
  FOREIGN KEY (tenant, number) REFERENCES ticket (tenant, number)
);
