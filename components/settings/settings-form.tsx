'use client';

import { useEffect, useState } from 'react';
import { fetchJson, sendJson } from '../api-client';
import { MODEL_CHANGED_EVENT } from '../models/model-library';
import { Field, Fieldset, inputClass } from './fields';
import { ReindexProgress } from './reindex-progress';
import type { EmbeddingIndexView } from '@/lib/reindex/change';
import type { SettingsView } from '@/lib/settings-view';
import type { SystemStatus } from '@/lib/status';
import { type FormValues, toFormValues, toPatch } from './types';

type Notice = { kind: 'saved' | 'error'; text: string } | null;

const REINDEX_POLL_MS = 1500;

/** The admin settings; each save takes effect on the next request, no restart. */
export function SettingsForm() {
  const [data, setData] = useState<SettingsView | null>(null);
  const [values, setValues] = useState<FormValues | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const [index, setIndex] = useState<EmbeddingIndexView | null>(null);

  const apply = (next: SettingsView) => {
    setData(next);
    setValues(toFormValues(next));
    setIndex(next.embeddingIndex);
  };

  useEffect(() => {
    const load = () => fetchJson<SettingsView>('/api/settings').then(apply, (err: Error) => setNotice({ kind: 'error', text: err.message }));
    void load();
    // Making a model active (Models section) changes the provider and model: read them again.
    window.addEventListener(MODEL_CHANGED_EVENT, load);
    return () => window.removeEventListener(MODEL_CHANGED_EVENT, load);
  }, []);

  // While a re-index runs, its progress is polled from /api/status (the form's values stay as typed).
  const reindexing = index !== null && index.state !== 'ready';
  useEffect(() => {
    if (!reindexing) return;
    const timer = setInterval(() => {
      fetchJson<SystemStatus>('/api/status').then(
        (status) => setIndex(status.embeddingIndex),
        () => undefined, // a missed poll is retried by the next one
      );
    }, REINDEX_POLL_MS);
    return () => clearInterval(timer);
  }, [reindexing]);

  const save = async (body: Record<string, unknown>, done: string | ((next: SettingsView) => string)) => {
    setSaving(true);
    setNotice(null);
    try {
      const next = await fetchJson<SettingsView>('/api/settings', sendJson('PUT', body));
      apply(next);
      setNotice({ kind: 'saved', text: typeof done === 'string' ? done : done(next) });
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };

  if (!data || !values || !index) {
    return notice ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{notice.text}</p> : <p className="text-sm text-zinc-500">Loading settings…</p>;
  }
  const set = (key: keyof FormValues) => (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value });
  const d = data.defaults;

  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        const patch = toPatch(values, d, data.embeddingModel);
        void save(patch, (next) =>
          'embeddingModel' in patch && next.embeddingIndex.state !== 'ready'
            ? `Settings saved. Re-indexing every document with ${next.embeddingIndex.targetModel} in the background; search uses ${next.embeddingIndex.activeModel} until it completes.`
            : 'Settings saved. They apply from the next question.',
        );
      }}
    >
      <Fieldset legend="Language model">
        <Field label="LLM provider" hint="Local runs a GGUF model with node-llama-cpp; OpenAI-compatible covers OpenAI, vLLM, llama.cpp server, Ollama and LM Studio.">
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={values.llmProvider} onChange={set('llmProvider')} className={inputClass}>
              <option value="">From the environment ({d.llmProvider})</option>
              <option value="local">local</option>
              <option value="openai">openai</option>
            </select>
          )}
        </Field>
        {(values.llmProvider || d.llmProvider) === 'openai' ? (
          <Field label="Model" hint="The model name on the OpenAI-compatible server. Blank: from the environment.">
            {(id, hint) => <input id={id} aria-describedby={hint} value={values.llmModel} onChange={set('llmModel')} placeholder={d.llmModel} className={inputClass} spellCheck={false} autoComplete="off" />}
          </Field>
        ) : (
          <p className="text-xs text-zinc-500">
            The local model is chosen in <a href="#models" className="underline">Models</a>, with each file&apos;s quantization and memory fit.
          </p>
        )}
        <Field label="OpenAI base URL" hint="Blank: OpenAI itself, or OPENAI_BASE_URL from the environment.">
          {(id, hint) => (
            <input id={id} type="url" aria-describedby={hint} value={values.openaiBaseUrl} onChange={set('openaiBaseUrl')} placeholder={d.openaiBaseUrl ?? 'https://api.openai.com/v1'} className={inputClass} spellCheck={false} autoComplete="off" />
          )}
        </Field>
        <Field
          label="OpenAI API key"
          hint={
            data.openaiApiKeySet
              ? data.openaiApiKeyReadable
                ? 'A key is stored (encrypted). Leave blank to keep it.'
                : 'A key is stored but can no longer be decrypted (the secret key changed); enter it again.'
              : data.openaiApiKeyFromEnv
                ? 'No key stored here; OPENAI_API_KEY from the environment is used.'
                : 'No key stored. It is encrypted at rest and never shown again.'
          }
        >
          {(id, hint) => (
            <div className="flex gap-2">
              <input
                id={id}
                type="password"
                aria-describedby={hint}
                value={values.openaiApiKey}
                onChange={set('openaiApiKey')}
                placeholder={data.openaiApiKeySet ? '•••••••• (stored)' : ''}
                autoComplete="new-password"
                spellCheck={false}
                className={inputClass}
              />
              {data.openaiApiKeySet && (
                <button
                  type="button"
                  disabled={saving}
                  onClick={() => void save({ openaiApiKey: null }, 'The stored API key was removed.')}
                  className="mt-1 shrink-0 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  Clear key
                </button>
              )}
            </div>
          )}
        </Field>
      </Fieldset>

      <Fieldset legend="Retrieval">
        <Field
          label="Embedding model"
          hint={`A transformers.js model id (its files in MODELS_DIR) or openai:<model>; default ${d.embeddingModel}. Changing it re-indexes every document in the background; search keeps using the current index until the new one is complete.`}
        >
          {(id, hint) => (
            <>
              <input
                id={id}
                list={`${id}-choices`}
                aria-describedby={hint}
                value={values.embeddingModel}
                onChange={set('embeddingModel')}
                placeholder={d.embeddingModel}
                className={inputClass}
                spellCheck={false}
                autoComplete="off"
              />
              <datalist id={`${id}-choices`}>
                {data.embeddingModelChoices.map((choice) => (
                  <option key={choice} value={choice} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <ReindexProgress
          index={index}
          busy={saving}
          onRetry={() => void save({ embeddingModel: index.targetModel }, 'Retrying the documents the re-index could not embed.')}
          onCancel={() =>
            void save(
              { embeddingModel: index.activeModel === d.embeddingModel ? null : index.activeModel },
              `Re-index cancelled; search keeps using ${index.activeModel}.`,
            )
          }
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Top-k" hint={`Sources given to the model per question (1–100; default ${d.topK}).`}>
            {(id, hint) => <input id={id} type="number" min={1} max={100} step={1} aria-describedby={hint} value={values.topK} onChange={set('topK')} className={inputClass} />}
          </Field>
          <Field label="Retrieval mode" hint="Hybrid fuses meaning and keywords.">
            {(id, hint) => (
              <select id={id} aria-describedby={hint} value={values.retrievalMode} onChange={set('retrievalMode')} className={inputClass}>
                <option value="hybrid">hybrid</option>
                <option value="vector">vector</option>
                <option value="keyword">keyword</option>
              </select>
            )}
          </Field>
          <Field
            label="Chunk size (tokens)"
            hint={`For documents ingested after saving.${data.chunkLimit ? ` The embedder reads at most ${data.chunkLimit.tokens}; larger chunks are cut to that.` : ''}`}
          >
            {(id, hint) => <input id={id} type="number" min={32} max={2048} aria-describedby={hint} value={values.chunkTokens} onChange={set('chunkTokens')} className={inputClass} />}
          </Field>
          <Field
            label="Chunk overlap (tokens)"
            hint={`Smaller than the chunk size${data.chunkLimit ? ` and than ${data.chunkLimit.tokens}` : ''}.`}
          >
            {(id, hint) => <input id={id} type="number" min={0} max={data.chunkLimit ? Math.min(512, data.chunkLimit.tokens - 1) : 512} aria-describedby={hint} value={values.chunkOverlap} onChange={set('chunkOverlap')} className={inputClass} />}
          </Field>
        </div>
      </Fieldset>

      <Fieldset legend="Answers">
        <Field label="Answer mode" hint="Quotes answers with the best sentences of the sources, cited, without a model: the default to choose while no chat model is available. Chats can choose their own.">
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={values.answerMode} onChange={set('answerMode')} className={inputClass}>
              <option value="">Generate with the model (default)</option>
              <option value="quotes">Quotes</option>
            </select>
          )}
        </Field>
        <Field label="Citation format" hint="For local models that do not cite on their own: a grammar makes every sentence end with a source number like [1]. Sentences then cannot contain brackets, line breaks or inner full stops.">
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={values.citationFormat} onChange={set('citationFormat')} className={inputClass}>
              <option value="">As the model writes it (default)</option>
              <option value="cite-every-sentence">Every sentence ends with a citation</option>
            </select>
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Temperature" hint="0 is most predictable; up to 2.">
            {(id, hint) => <input id={id} type="number" min={0} max={2} step={0.1} aria-describedby={hint} value={values.temperature} onChange={set('temperature')} className={inputClass} />}
          </Field>
          <Field label="Max tokens" hint="Longest answer, in tokens (16–8192).">
            {(id, hint) => <input id={id} type="number" min={16} max={8192} aria-describedby={hint} value={values.maxTokens} onChange={set('maxTokens')} className={inputClass} />}
          </Field>
        </div>
        <Field label="System prompt" hint="Up to 8,000 characters. Keep the instruction to cite sources as [1], [2].">
          {(id, hint) => <textarea id={id} rows={6} maxLength={8000} aria-describedby={hint} value={values.systemPrompt} onChange={set('systemPrompt')} className={`${inputClass} font-mono`} />}
        </Field>
        <button
          type="button"
          onClick={() => setValues({ ...values, systemPrompt: d.systemPrompt })}
          className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Use the default system prompt
        </button>
      </Fieldset>

      <div className="flex min-h-10 flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={saving}
          className="rounded-lg bg-blue-600 px-5 py-2 text-sm font-medium text-white hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-60"
        >
          Save
        </button>
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          {notice?.kind === 'saved' ? notice.text : ''}
        </p>
        {notice?.kind === 'error' && (
          <p role="alert" className="w-full text-sm break-words text-red-700 dark:text-red-400">
            {notice.text}
          </p>
        )}
      </div>
    </form>
  );
}
