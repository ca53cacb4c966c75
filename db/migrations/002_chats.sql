-- Conversations held through the OpenAI-compatible chat endpoint.
-- The id is chosen by the app (not defaulted) so a streaming answer can name its chat in the
-- first chunk, before the exchange is stored when the stream ends.
CREATE TABLE chats (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  -- The collection the chat searched, by name as asked; null searches every collection.
  -- Not a foreign key: deleting a collection must not delete the conversations held about it.
  collection text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chats_by_activity ON chats (updated_at DESC, id);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  -- Position in the chat; appends lock the chat row, so two answers never take the same one.
  ordinal integer NOT NULL,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  -- For an answer: the sources its prompt held, numbered as the model saw them, each with
  -- whether the answer cited it; copies, so the answer still reads right after a document is deleted.
  sources jsonb NOT NULL DEFAULT '[]',
  -- For an answer: stop, length, aborted (the client left) or error (it broke off mid-way).
  finish_reason text CHECK (finish_reason IN ('stop', 'length', 'aborted', 'error')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (chat_id, ordinal)
);
