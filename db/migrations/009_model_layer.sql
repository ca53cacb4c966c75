-- The model layer (issue 14): a chat's own adapter and answer mode, a collection's default
-- adapter, and what produced each answer.

-- Adapter: a LoRA file name in MODELS_DIR/loras (checked against the base model at use, not
-- here: the active model can change under a stored choice). Scale 0–1 is its strength.
ALTER TABLE chats
  ADD COLUMN adapter text,
  ADD COLUMN adapter_scale real CHECK (adapter_scale BETWEEN 0 AND 1),
  -- null: the admin's default (settings.answerMode, or quotes when no chat model is ready).
  ADD COLUMN answer_mode text CHECK (answer_mode IN ('generate', 'quotes'));

-- A collection's default adapter, for chats that choose none themselves.
ALTER TABLE collections
  ADD COLUMN adapter text,
  ADD COLUMN adapter_scale real CHECK (adapter_scale BETWEEN 0 AND 1);

-- For an answer: {"model", "answerMode", "adapter": {"file","scale"} | null}, so a stored answer
-- says which weights wrote it.
ALTER TABLE messages ADD COLUMN generation jsonb;
