ALTER TABLE notes ADD COLUMN author VARCHAR(100);
INSERT INTO notes (id, body, author) VALUES (1, 'welcome; have a seat', 'parley');
