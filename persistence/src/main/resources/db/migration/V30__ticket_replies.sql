-- What a ticket knows of its customer's contact, and the staff's replies to it (TicketReplies in tools).
-- ticket.contact says whether the customer left an email address for replies ('email'), or NULL:
-- the address itself stays in the conversation's journal, sealed with its data key, so erasing the
-- customer's data (crypto-shredding) leaves no address in any table.
-- ticket_reply is the replies' outbox: a reply is stored before it goes anywhere. in_conversation
-- says it was appended to the conversation as an agent message; mail is what its email is at:
-- 'none' (no address or no SMTP), 'pending', 'sent' or 'failed' (last_error says why), retried at
-- next_attempt_at.
-- [h2]
-- The same tables as PostgreSQL's, with H2's name for TEXT.
-- [end]
ALTER TABLE ticket ADD COLUMN contact VARCHAR(16);

CREATE TABLE IF NOT EXISTS ticket_reply (
  tenant VARCHAR(255) NOT NULL,
  number BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  author VARCHAR(255) NOT NULL,
  author_name VARCHAR(255) NOT NULL,
-- [h2]
  text VARCHAR NOT NULL,
-- [postgres]
  text TEXT NOT NULL,
-- [end]
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  in_conversation BOOLEAN DEFAULT FALSE NOT NULL,
  mail VARCHAR(16) NOT NULL CHECK (mail IN ('none', 'pending', 'sent', 'failed')),
  attempts INTEGER DEFAULT 0 NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE,
  last_error VARCHAR(1000),
  sent_at TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (tenant, number, seq),
  FOREIGN KEY (tenant, number) REFERENCES ticket (tenant, number)
);

CREATE INDEX IF NOT EXISTS ticket_reply_due ON ticket_reply (mail, next_attempt_at);
