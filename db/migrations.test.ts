import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate } from './migrate';
import { openPglite } from './pglite';

/** 005 on an install that shared collections before consent existed (PGlite, in memory). */
describe('migration 005_collection_roles', () => {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-migrations-'));
  afterAll(() => fs.rmSync(before, { recursive: true, force: true }));

  it('turns unaccepted shares into pending editor invitations and credits old documents to the owner', async () => {
    for (const file of fs.readdirSync(defaultMigrationsDir()).filter((f) => f < '005')) {
      fs.copyFileSync(path.join(defaultMigrationsDir(), file), path.join(before, file));
    }
    const db = await openPglite();
    try {
      await migrate(db, before);
      const user = async (email: string) =>
        (await db.query<{ id: string }>(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'member') RETURNING id`, [email])).rows[0].id;
      const bob = await user('bob@docent.test');
      const carol = await user('Carol@Docent.test');
      const { rows: [col] } = await db.query<{ id: string }>(`INSERT INTO collections (owner_id, name) VALUES ($1, 'finance') RETURNING id`, [bob]);
      await db.query('INSERT INTO collection_members (collection_id, user_id) VALUES ($1, $2)', [col.id, carol]);
      await db.query(`INSERT INTO documents (collection_id, name, mime_type, bytes, sha256) VALUES ($1, 'a.txt', 'text/plain', 1, 'x')`, [col.id]);

      expect(await migrate(db)).toContain('005_collection_roles.sql');
      expect((await db.query('SELECT * FROM collection_members')).rows).toEqual([]);
      const { rows: invitations } = await db.query('SELECT collection_id, email, role FROM collection_invitations');
      expect(invitations).toEqual([{ collection_id: col.id, email: 'carol@docent.test', role: 'editor' }]);
      expect((await db.query('SELECT uploaded_by FROM documents')).rows).toEqual([{ uploaded_by: bob }]);
    } finally {
      await db.close();
    }
  });
});
