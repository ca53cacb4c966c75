import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file at `file`. */
async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

const RULE = '@typescript-eslint/no-restricted-imports';

describe('import direction (contract: app → components, lib → db)', () => {
  it('fails a component that imports the database', async () => {
    expect(await ruleIdsFor('components/probe.ts', "import { getDb } from '@/db';\nexport const x = getDb;\n")).toContain(RULE);
    expect(await ruleIdsFor('components/chat/probe.ts', "import { getDb } from '../../db';\nexport const x = getDb;\n")).toContain(RULE);
  });

  it('lets components import types from lib, but not values', async () => {
    expect(await ruleIdsFor('components/probe.ts', "import type { ChatView } from '@/lib/chat/chats';\nexport type X = ChatView;\n")).not.toContain(RULE);
    expect(await ruleIdsFor('components/probe.ts', "import { loadSettings } from '@/lib/settings';\nexport const x = loadSettings;\n")).toContain(RULE);
    // …except the pure modules listed as browser-safe (citation parsing lives in one place).
    expect(await ruleIdsFor('components/probe.ts', "import { parseCitations } from '@/lib/chat/citations';\nexport const x = parseCitations;\n")).not.toContain(RULE);
  });

  it('keeps lib away from app and components, and db away from everything of ours', async () => {
    expect(await ruleIdsFor('lib/probe.ts', "import { Markdown } from '@/components/markdown/markdown';\nexport const x = Markdown;\n")).toContain(RULE);
    expect(await ruleIdsFor('db/probe.ts', "import { loadSettings } from '../lib/settings';\nexport const x = loadSettings;\n")).toContain(RULE);
    expect(await ruleIdsFor('lib/probe.ts', "import { getDb } from '@/db';\nexport const x = getDb;\n")).not.toContain(RULE);
  });

  it('makes components type API responses with the lib wire type, not a shape written on the spot', async () => {
    const copied = "import { fetchJson } from '../api-client';\nexport const x = () => fetchJson<{ users: { id: string }[] }>('/api/users');\n";
    expect(await ruleIdsFor('components/settings/probe.ts', copied)).toContain('no-restricted-syntax');
    const named = "import type { UserList } from '@/lib/auth/accounts';\nimport { fetchJson } from '../api-client';\nexport const x = () => fetchJson<UserList>('/api/users');\n";
    expect(await ruleIdsFor('components/settings/probe.ts', named)).toEqual([]);
  });
});
