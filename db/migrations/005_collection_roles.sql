-- Sharing with consent and roles (issue 10). A share is first an invitation, stored by email
-- whether or not that email has an account (so sharing never reveals who has one); the
-- recipient accepts it, and only then does the collection reach their lists and searches.
-- An accepted share is a collection_members row with a role: 'reader' searches, lists and
-- cites; 'editor' also adds documents. Only the owner manages members, and only the owner
-- (or the document's uploader) deletes or retries a document.
ALTER TABLE collection_members
  ADD COLUMN role text NOT NULL DEFAULT 'reader' CHECK (role IN ('editor', 'reader'));

CREATE TABLE collection_invitations (
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  -- Lower-cased, as accounts are matched by lower(email).
  email text NOT NULL CHECK (email = lower(email)),
  role text NOT NULL CHECK (role IN ('editor', 'reader')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection_id, email)
);
CREATE INDEX collection_invitations_by_email ON collection_invitations (email);

-- Shares made before consent existed were never accepted: they become pending invitations
-- with the rights they had (search and add, i.e. editor), so nothing reaches anyone unasked.
INSERT INTO collection_invitations (collection_id, email, role)
  SELECT cm.collection_id, lower(u.email), 'editor'
  FROM collection_members cm JOIN users u ON u.id = cm.user_id
  ON CONFLICT DO NOTHING;
DELETE FROM collection_members;

-- Who put a document there. The uploader keeps seeing (and may delete) their own document
-- even when they no longer share the collection it sits in. Earlier rows cannot tell, so
-- they are credited to the collection's owner.
ALTER TABLE documents ADD COLUMN uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL;
UPDATE documents d SET uploaded_by = c.owner_id FROM collections c WHERE c.id = d.collection_id;
CREATE INDEX documents_by_uploader ON documents (uploaded_by) WHERE uploaded_by IS NOT NULL;
