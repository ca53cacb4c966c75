import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSampling, samplingFileFor, samplingFor } from './local-sampling';

describe('sampling defaults per model', () => {
  it('give tiny models DRY and a stronger repeat penalty, and larger ones llama.cpp\'s plain default', () => {
    expect(defaultSampling(135e6)).toEqual({ repeatPenalty: { penalty: 1.15, lastTokens: 64 }, dry: expect.objectContaining({ strength: 0.8 }) });
    expect(defaultSampling(8e9)).toEqual({ repeatPenalty: { penalty: 1.1, lastTokens: 64 }, dry: null });
  });

  it('take an override file beside the model, and refuse one that is not JSON, naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-sampling-unit-'));
    const model = path.join(dir, 'm.gguf'); // never read: the override wins before the header is needed
    const override = { repeatPenalty: { penalty: 1.3, lastTokens: 32 }, dry: { strength: 0.5 } };
    fs.writeFileSync(samplingFileFor(model), JSON.stringify(override));
    expect(await samplingFor(model)).toEqual({ sampling: override, source: 'file' });
    fs.writeFileSync(samplingFileFor(model), '{ penalty: 1.3');
    await expect(samplingFor(model)).rejects.toThrow(`The sampling override ${samplingFileFor(model)} is not valid (it is not JSON)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
