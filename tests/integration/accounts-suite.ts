import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as setupRoute from '@/app/api/auth/setup/route';
import * as signInRoute from '@/app/api/auth/sign-in/route';
import * as signOutRoute from '@/app/api/auth/sign-out/route';
import * as meRoute from '@/app/api/auth/me/route';
import * as chatRoute from '@/app/api/chats/[id]/route';
import * as chatMessagesRoute from '@/app/api/chats/[id]/messages/route';
import * as chatTitleRoute from '@/app/api/chats/[id]/title/route';
import * as chatsRoute from '@/app/api/chats/route';
import * as membersRoute from '@/app/api/collections/[name]/members/route';
import * as membershipRoute from '@/app/api/collections/[name]/membership/route';
import * as collectionsRoute from '@/app/api/collections/route';
import * as documentRoute from '@/app/api/documents/[id]/route';
import * as retryRoute from '@/app/api/documents/[id]/retry/route';
import * as documentFileRoute from '@/app/api/documents/[id]/file/route';
import * as documentTextRoute from '@/app/api/documents/[id]/text/route';
import * as documentsRoute from '@/app/api/documents/route';
import * as evaluationRoute from '@/app/api/evaluations/[id]/route';
import * as evaluationsRoute from '@/app/api/evaluations/route';
import * as healthRoute from '@/app/api/health/route';
import * as keyRoute from '@/app/api/keys/[id]/route';
import * as keysRoute from '@/app/api/keys/route';
import * as searchRoute from '@/app/api/search/route';
import * as settingsRoute from '@/app/api/settings/route';
import * as statusRoute from '@/app/api/status/route';
import * as userRoute from '@/app/api/users/[id]/route';
import * as usersRoute from '@/app/api/users/route';
import * as completionsRoute from '@/app/v1/chat/completions/route';
import * as modelsRoute from '@/app/v1/models/route';
import { insertChat, appendMessagesToChat } from '@/db/queries/chats';
import { forgetAccountsExist } from '@/lib/auth/authenticate';
import { resetEnvCache } from '@/lib/env';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import * as activeModelRoute from '@/app/api/models/active/route';
import * as modelLibraryRoute from '@/app/api/models/route';
import { call, type Caller, cookieFrom, uploadForm } from '../helpers/as-caller';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

const ADMIN = { email: 'ada@docent.test', password: 'correct horse battery' };
const MEMBER = { email: 'bob@docent.test', password: 'bob-password-123' };
const SECRET_TERM = 'zanzibar4471';
const AUTOMATION_KEY = 'automation-key-0123456789abcdef';

/**
 * Accounts, roles and isolation through the real route handlers on one database: the first
 * admin, sign-in and sessions, API keys, the automation key, per-user collections enforced in
 * the retrieval SQL, another person's ids on every route, removal and rate limits.
 */
export function defineAccountsSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let dropDatabase: (() => Promise<void>) | undefined;
  let admin: Caller;
  let member: Caller;
  let memberId: string;
  let adminDocId: string;

  beforeAll(async () => {
    dropDatabase = await useFreshDatabase(kind, baseUrl);
    delete process.env.DOCENT_API_KEY;
    resetEnvCache();
    forgetAccountsExist();
  });

  afterAll(async () => {
    delete process.env.DOCENT_API_KEY;
    delete process.env.RATE_LIMIT_UPLOADS_PER_MINUTE;
    delete process.env.RATE_LIMIT_CHATS_PER_MINUTE;
    resetEnvCache();
    forgetAccountsExist();
    await shutdownRuntime();
    await dropDatabase?.();
  });

  const waitReady = (id: string, as: Caller) =>
    waitFor(async () => {
      const { body } = await call(documentRoute.GET, 'GET', `/api/documents/${id}`, { as, params: { id } });
      return body.status === 'ready' || body.status === 'failed' ? body : null;
    }, 90_000, `document ${id}`);

  const searchAs = async (as: Caller, mode: string, collection?: string) =>
    call(searchRoute.POST, 'POST', '/api/search', { as, body: { query: SECRET_TERM, mode, k: 20, collection } });

  describe(`accounts on ${kind}`, () => {
    let earlyDocId: string;

    it('is open before the first account exists, and has no account routes yet', async () => {
      const up = await call(documentsRoute.POST, 'POST', '/api/documents', { form: uploadForm([{ name: 'early.txt', content: 'Written before any account existed.' }]) });
      expect(up.status).toBe(202);
      earlyDocId = up.body.documents[0].id;
      expect((await call(keysRoute.GET, 'GET', '/api/keys')).status).toBe(409);
      expect((await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: ADMIN })).status).toBe(401);
    });

    it('creates the first admin once, with a hardened session cookie, and hands it the earlier documents', async () => {
      const weak = await call(setupRoute.POST, 'POST', '/api/auth/setup', { body: { email: ADMIN.email, password: 'short' } });
      expect(weak.status).toBe(400);
      const setup = await call(setupRoute.POST, 'POST', '/api/auth/setup', { body: ADMIN });
      expect(setup.status).toBe(201);
      expect(setup.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
      const cookie = setup.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/); // localhost counts as a secure context
      admin = { cookie: cookieFrom(setup) };

      const again = await call(setupRoute.POST, 'POST', '/api/auth/setup', { body: { email: 'eve@docent.test', password: 'another-password' } });
      expect(again.status).toBe(409);
      // Refused before the body is parsed or a password hashed: even a malformed body gets the 409.
      const malformed = await call(setupRoute.POST, 'POST', '/api/auth/setup', { body: { email: 'not an email', password: 'x' } });
      expect(malformed.status).toBe(409);
      expect(malformed.body.error.code).toBe('already_set_up');
      const mine = await call(documentRoute.GET, 'GET', `/api/documents/${earlyDocId}`, { as: admin, params: { id: earlyDocId } });
      expect(mine.status).toBe(200);
      const db = await getDatabase();
      const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users');
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses every data route without credentials once an account exists; health stays public', async () => {
      const id = earlyDocId;
      const attempts = [
        call(documentsRoute.GET, 'GET', '/api/documents'),
        call(documentsRoute.POST, 'POST', '/api/documents', { form: uploadForm([{ name: 'x.txt', content: 'x' }]) }),
        call(documentRoute.GET, 'GET', `/api/documents/${id}`, { params: { id } }),
        call(documentRoute.DELETE, 'DELETE', `/api/documents/${id}`, { params: { id } }),
        call(searchRoute.POST, 'POST', '/api/search', { body: { query: 'x' } }),
        call(chatsRoute.GET, 'GET', '/api/chats'),
        call(collectionsRoute.GET, 'GET', '/api/collections'),
        call(settingsRoute.GET, 'GET', '/api/settings'),
        call(statusRoute.GET, 'GET', '/api/status'),
        call(modelsRoute.GET, 'GET', '/v1/models'),
        call(completionsRoute.POST, 'POST', '/v1/chat/completions', { body: { messages: [{ role: 'user', content: 'hi' }] } }),
        call(usersRoute.GET, 'GET', '/api/users'),
        call(meRoute.GET, 'GET', '/api/auth/me', { as: { bearer: 'dk_not-a-real-key' } }),
        call(documentsRoute.GET, 'GET', '/api/documents', { as: { cookie: 'docent_session=forged' } }),
      ];
      for (const result of await Promise.all(attempts)) {
        expect(result.status).toBe(401);
        expect(result.body.error.message).toMatch(/sign in|API key|Bearer/i);
      }
      expect((await call(healthRoute.GET, 'GET', '/api/health')).status).toBe(200);
      expect((await call(documentRoute.GET, 'GET', `/api/documents/${id}`, { as: admin, params: { id } })).status).toBe(200);
    });

    it('lets the admin add a member, who signs in but may not touch settings or accounts', async () => {
      const added = await call(usersRoute.POST, 'POST', '/api/users', { as: admin, body: MEMBER });
      expect(added.status).toBe(201);
      memberId = added.body.id;
      expect((await call(usersRoute.POST, 'POST', '/api/users', { as: admin, body: MEMBER })).status).toBe(409);

      const wrong = await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: { ...MEMBER, password: 'not-it-at-all' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('invalid_credentials');
      const signedIn = await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: { email: 'BOB@docent.test', password: MEMBER.password } });
      expect(signedIn.status).toBe(200);
      member = { cookie: cookieFrom(signedIn) };

      const forbidden = [
        call(settingsRoute.GET, 'GET', '/api/settings', { as: member }),
        call(settingsRoute.PUT, 'PUT', '/api/settings', { as: member, body: { topK: 3 } }),
        call(statusRoute.GET, 'GET', '/api/status', { as: member }),
        call(usersRoute.GET, 'GET', '/api/users', { as: member }),
        call(usersRoute.POST, 'POST', '/api/users', { as: member, body: { email: 'mallory@docent.test', password: 'mallory-password' } }),
        call(userRoute.DELETE, 'DELETE', `/api/users/${memberId}`, { as: member, params: { id: memberId } }),
        call(modelLibraryRoute.GET, 'GET', '/api/models', { as: member }),
        call(modelLibraryRoute.POST, 'POST', '/api/models', { as: member, form: uploadForm([{ name: 'x.gguf', content: 'GGUF' }]) }),
        call(activeModelRoute.PUT, 'PUT', '/api/models/active', { as: member, body: { file: 'x.gguf' } }),
        call(evaluationsRoute.GET, 'GET', '/api/evaluations', { as: member }),
        call(evaluationsRoute.POST, 'POST', '/api/evaluations', { as: member, form: uploadForm([{ name: 'q.jsonl', content: '{"question":"x"}' }], 'default') }),
        call(evaluationRoute.GET, 'GET', `/api/evaluations/${memberId}`, { as: member, params: { id: memberId } }),
      ];
      for (const result of await Promise.all(forbidden)) expect(result.status).toBe(403);
      expect((await call(meRoute.GET, 'GET', '/api/auth/me', { as: member })).body.user).toMatchObject({ email: MEMBER.email, role: 'member' });
    });

    it('starts a new session at every sign-in and ends the one presented', async () => {
      const first = await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: MEMBER });
      const oldCookie = cookieFrom(first);
      const second = await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { as: { cookie: oldCookie }, body: MEMBER });
      expect(cookieFrom(second)).not.toBe(oldCookie);
      expect((await call(meRoute.GET, 'GET', '/api/auth/me', { as: { cookie: oldCookie } })).status).toBe(401);
      const signedOut = await call(signOutRoute.POST, 'POST', '/api/auth/sign-out', { as: { cookie: cookieFrom(second) } });
      expect(signedOut.status).toBe(204);
      expect(signedOut.headers.get('set-cookie')).toMatch(/Max-Age=0/);
      expect((await call(meRoute.GET, 'GET', '/api/auth/me', { as: { cookie: cookieFrom(second) } })).status).toBe(401);
    });

    it('refuses a cross-site sign-in form post', async () => {
      const result = await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { as: { origin: 'https://evil.example' }, body: MEMBER });
      expect(result.status).toBe(403);
    });

    it("never retrieves another person's chunks, in any mode or collection", async () => {
      const up = await call(documentsRoute.POST, 'POST', '/api/documents', {
        as: admin,
        form: uploadForm([{ name: 'secret.txt', content: `The vault code is ${SECRET_TERM}. Only Ada may read this.` }]),
      });
      adminDocId = up.body.documents[0].id;
      expect((await waitReady(adminDocId, admin)).status).toBe('ready');
      expect((await searchAs(admin, 'keyword')).body.results.map((r: any) => r.documentId)).toContain(adminDocId);

      // The member has a matching document of their own, so every search below runs the ranking
      // SQL and returns rows: an empty answer cannot pass for isolation.
      const own = await call(documentsRoute.POST, 'POST', '/api/documents', {
        as: member,
        form: uploadForm([{ name: 'mine.txt', content: `Bob's own note also mentions ${SECRET_TERM}.` }]),
      });
      const memberDocId = own.body.documents[0].id;
      expect((await waitReady(memberDocId, member)).status).toBe('ready');
      const adminCollections = (await call(collectionsRoute.GET, 'GET', '/api/collections', { as: admin })).body.collections;
      const adminDefault = adminCollections.find((c: any) => c.name === 'default').id;

      // Everywhere (the access rule in the ranking SQL), the member's own `default`, and Ada's
      // collection named by id and by owner/name: ids that exist, so the collection lookup's SQL
      // decides, not a short cut for a name that is nobody's.
      const collections = [undefined, 'default', adminDefault, `${ADMIN.email}/default`];
      // Every case is run before judging, so a failure names all the cases that went wrong.
      const wrong: string[] = [];
      for (const mode of ['hybrid', 'vector', 'keyword']) {
        for (const collection of collections) {
          const { status, body } = await searchAs(member, mode, collection);
          const ids = status === 200 ? body.results.map((r: any) => r.documentId) : [`status ${status}`];
          // Only the member's own collections hold their note; Ada's hold nothing for them.
          const expected = collection === undefined || collection === 'default' ? [memberDocId] : [];
          if (JSON.stringify(ids) !== JSON.stringify(expected)) {
            wrong.push(`${mode} in ${collection ?? 'all collections'}: ${ids.map((id: string) => (id === adminDocId ? "Ada's" : id === memberDocId ? 'own' : id)).join(', ') || 'nothing'}`);
          }
        }
      }
      expect(wrong).toEqual([]);
      for (const collection of collections) {
        const query = collection ? `?collection=${encodeURIComponent(collection)}` : '';
        const list = await call(documentsRoute.GET, 'GET', `/api/documents${query}`, { as: member });
        expect(list.body.documents.map((d: any) => d.id)).toEqual(collection === undefined || collection === 'default' ? [memberDocId] : []);
      }
      const mine = await call(collectionsRoute.GET, 'GET', '/api/collections', { as: member });
      expect(mine.body.collections.map((c: any) => [c.name, c.owned])).toEqual([['default', true]]);
      // Later tests start from a member with no documents.
      expect((await call(documentRoute.DELETE, 'DELETE', `/api/documents/${memberDocId}`, { as: member, params: { id: memberDocId } })).status).toBe(204);
    });

    it("answers another person's document ids with 404 on every route and changes nothing", async () => {
      const id = adminDocId;
      expect((await call(documentRoute.GET, 'GET', `/api/documents/${id}`, { as: member, params: { id } })).status).toBe(404);
      expect((await call(documentRoute.DELETE, 'DELETE', `/api/documents/${id}`, { as: member, params: { id } })).status).toBe(404);
      expect((await call(retryRoute.POST, 'POST', `/api/documents/${id}/retry`, { as: member, params: { id } })).status).toBe(404);
      expect((await call(documentFileRoute.GET, 'GET', `/api/documents/${id}/file`, { as: member, params: { id } })).status).toBe(404);
      expect((await call(documentTextRoute.GET, 'GET', `/api/documents/${id}/text`, { as: member, params: { id } })).status).toBe(404);
      expect((await call(documentTextRoute.GET, 'GET', `/api/documents/${id}/text`, { as: admin, params: { id } })).status).toBe(200);
      const still = await call(documentRoute.GET, 'GET', `/api/documents/${id}`, { as: admin, params: { id } });
      expect(still.body).toMatchObject({ status: 'ready', chunkCount: 1 });
    });

    it("answers another person's chat ids with 404 on every route and changes nothing", async () => {
      const db = await getDatabase();
      const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [ADMIN.email]);
      const chatId = '00000000-0000-4000-8000-000000000001';
      await insertChat(db, { id: chatId, ownerId: rows[0].id, title: 'Ada private', collection: null });
      await db.transaction((tx) => appendMessagesToChat(tx, chatId, [{ role: 'user', content: `What is ${SECRET_TERM}?` }]));
      const params = { id: chatId };
      expect((await call(chatRoute.GET, 'GET', `/api/chats/${chatId}`, { as: member, params })).status).toBe(404);
      expect((await call(chatRoute.DELETE, 'DELETE', `/api/chats/${chatId}`, { as: member, params })).status).toBe(404);
      expect((await call(chatTitleRoute.PUT, 'PUT', `/api/chats/${chatId}/title`, { as: member, params, body: { title: 'pwned' } })).status).toBe(404);
      expect((await call(chatMessagesRoute.DELETE, 'DELETE', `/api/chats/${chatId}/messages?from=0`, { as: member, params })).status).toBe(404);
      const completion = await call(completionsRoute.POST, 'POST', '/v1/chat/completions', {
        as: member,
        body: { messages: [{ role: 'user', content: 'hi' }], chat_id: chatId },
      });
      expect(completion.status).not.toBe(200);
      expect((await call(chatsRoute.GET, 'GET', '/api/chats', { as: member })).body.chats).toEqual([]);
      const mine = await call(chatRoute.GET, 'GET', `/api/chats/${chatId}`, { as: admin, params });
      expect(mine.body).toMatchObject({ title: 'Ada private' });
      expect(mine.body.messages).toHaveLength(1);
    });

    it('keeps the same bytes from two people as two documents, neither learning of the other', async () => {
      const content = `The vault code is ${SECRET_TERM}. Only Ada may read this.`;
      const up = await call(documentsRoute.POST, 'POST', '/api/documents', { as: member, form: uploadForm([{ name: 'copy.txt', content }]) });
      expect(up.status).toBe(202);
      expect(up.body.documents[0].duplicate).toBeUndefined();
      expect(up.body.documents[0].id).not.toBe(adminDocId);
      await waitReady(up.body.documents[0].id, member);
      await call(documentRoute.DELETE, 'DELETE', `/api/documents/${up.body.documents[0].id}`, { as: member, params: { id: up.body.documents[0].id } });
    });

    it('shares a collection with a member on the owner’s say-so, and unshares it', async () => {
      const params = { name: 'default' };
      // Only an owner shares: a name the member does not own is "not found" for them.
      expect((await call(membersRoute.POST, 'POST', '/api/collections/ada-only/members', { as: member, params: { name: 'ada-only' }, body: { email: MEMBER.email } })).status).toBe(404);
      expect((await call(membersRoute.POST, 'POST', '/api/collections/default/members', { as: admin, params, body: { email: MEMBER.email } })).status).toBe(204);
      // A share is an invitation: nothing reaches the member until they accept it.
      expect((await searchAs(member, 'keyword')).body.results).toEqual([]);
      const { invitations } = (await call(collectionsRoute.GET, 'GET', '/api/collections', { as: member })).body;
      expect(invitations).toEqual([expect.objectContaining({ name: 'default', owner: ADMIN.email })]);
      const id = invitations[0].id;
      expect((await call(membershipRoute.POST, 'POST', `/api/collections/${id}/membership`, { as: member, params: { name: id } })).status).toBe(204);
      const shared = await searchAs(member, 'keyword');
      expect(shared.body.results.map((r: any) => r.documentId)).toContain(adminDocId);
      const collections = await call(collectionsRoute.GET, 'GET', '/api/collections', { as: member });
      expect(collections.body.collections).toContainEqual(expect.objectContaining({ name: 'default', owned: false, owner: ADMIN.email, role: 'reader' }));

      const removed = await call(membersRoute.DELETE, 'DELETE', `/api/collections/default/members?email=${encodeURIComponent(MEMBER.email)}`, { as: admin, params });
      expect(removed.status).toBe(204);
      expect((await searchAs(member, 'keyword')).body.results).toEqual([]);
    });

    it('gives each person API keys that act as them, shown once and revocable', async () => {
      const created = await call(keysRoute.POST, 'POST', '/api/keys', { as: member, body: { name: 'laptop' } });
      expect(created.status).toBe(201);
      const key: string = created.body.key;
      expect(key).toMatch(/^dk_/);
      const listed = await call(keysRoute.GET, 'GET', '/api/keys', { as: member });
      expect(JSON.stringify(listed.body)).not.toContain(key);
      expect(listed.body.keys).toEqual([expect.objectContaining({ name: 'laptop', prefix: key.slice(0, 9) })]);
      expect((await call(keysRoute.GET, 'GET', '/api/keys', { as: admin })).body.keys).toEqual([]);
      expect((await call(keyRoute.DELETE, 'DELETE', `/api/keys/${created.body.id}`, { as: admin, params: { id: created.body.id } })).status).toBe(404);

      const viaKey = await call(meRoute.GET, 'GET', '/api/auth/me', { as: { bearer: key } });
      expect(viaKey.body.user.email).toBe(MEMBER.email);
      expect((await searchAs({ bearer: key }, 'keyword')).body.results).toEqual([]);
      expect((await call(settingsRoute.GET, 'GET', '/api/settings', { as: { bearer: key } })).status).toBe(403);
      // A key cannot mint keys: a leaked key must not outlive its own revocation.
      const minted = await call(keysRoute.POST, 'POST', '/api/keys', { as: { bearer: key }, body: { name: 'spare' } });
      expect(minted.status).toBe(403);
      expect(minted.body.error.code).toBe('session_required');
      expect((await call(keysRoute.GET, 'GET', '/api/keys', { as: member })).body.keys).toHaveLength(1);

      expect((await call(keyRoute.DELETE, 'DELETE', `/api/keys/${created.body.id}`, { as: member, params: { id: created.body.id } })).status).toBe(204);
      expect((await call(meRoute.GET, 'GET', '/api/auth/me', { as: { bearer: key } })).status).toBe(401);
    });

    it('treats DOCENT_API_KEY as the admin, and nothing else as it', async () => {
      process.env.DOCENT_API_KEY = AUTOMATION_KEY;
      resetEnvCache();
      try {
        expect((await call(settingsRoute.GET, 'GET', '/api/settings', { as: { bearer: AUTOMATION_KEY } })).status).toBe(200);
        expect((await call(settingsRoute.GET, 'GET', '/api/settings', { as: { bearer: `${AUTOMATION_KEY}x` } })).status).toBe(401);
        const results = await searchAs({ bearer: AUTOMATION_KEY }, 'keyword');
        expect(results.body.results.map((r: any) => r.documentId)).toContain(adminDocId);
      } finally {
        delete process.env.DOCENT_API_KEY;
        resetEnvCache();
      }
    });

    it('limits uploads per person with 429 and Retry-After', async () => {
      process.env.RATE_LIMIT_UPLOADS_PER_MINUTE = '2';
      resetEnvCache();
      try {
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        for (let i = 0; i < 4; i++) {
          const r = await call(documentsRoute.POST, 'POST', '/api/documents', { as: member, form: uploadForm([{ name: `n${i}.txt`, content: `note ${i}` }], 'flood') });
          statuses.push(r.status);
          if (r.status === 429) retryAfter = r.headers.get('retry-after');
        }
        // Two allowed; the rest refused — unless the minute turned over between the calls.
        expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(3);
        expect(statuses).toContain(429);
        expect(Number(retryAfter)).toBeGreaterThan(0);
        // Another person's budget is their own.
        const other = await call(documentsRoute.POST, 'POST', '/api/documents', { as: admin, form: uploadForm([{ name: 'fine.txt', content: 'fine' }], 'flood') });
        expect(other.status).toBe(202);
      } finally {
        delete process.env.RATE_LIMIT_UPLOADS_PER_MINUTE;
        resetEnvCache();
      }
    });

    it('limits questions per person and sign-in attempts per email', async () => {
      process.env.RATE_LIMIT_CHATS_PER_MINUTE = '1';
      process.env.RATE_LIMIT_SIGN_INS_PER_MINUTE = '3';
      resetEnvCache();
      try {
        const ask = () => call(completionsRoute.POST, 'POST', '/v1/chat/completions', { as: member, body: { messages: [{ role: 'user', content: 'hi' }] } });
        const statuses = [(await ask()).status, (await ask()).status, (await ask()).status];
        expect(statuses).toContain(429);
        const guesses: number[] = [];
        for (let i = 0; i < 5; i++) {
          guesses.push((await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: { email: ADMIN.email, password: `guess-${i}` } })).status);
        }
        expect(guesses).toContain(429);
        expect(guesses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
      } finally {
        delete process.env.RATE_LIMIT_CHATS_PER_MINUTE;
        delete process.env.RATE_LIMIT_SIGN_INS_PER_MINUTE;
        resetEnvCache();
      }
    });

    it("keeps a member's keyword scores and order unmoved by another person's private documents", async () => {
      const mine = await call(documentsRoute.POST, 'POST', '/api/documents', {
        as: member,
        form: uploadForm([
          { name: 'falcons.txt', content: 'Peregrine falcons nest on cliffs. The falcon dives fast.' },
          { name: 'kestrels.txt', content: 'Kestrels hover over meadows; a falcon relative, the kestrel eats voles.' },
        ], 'birds'),
      });
      for (const d of mine.body.documents) expect((await waitReady(d.id, member)).status).toBe('ready');
      const ask = () => call(searchRoute.POST, 'POST', '/api/search', { as: member, body: { query: 'falcon kestrel meadows', mode: 'keyword', k: 10 } });
      const before = await ask();
      expect(before.body.results).toHaveLength(2);

      const theirs = await call(documentsRoute.POST, 'POST', '/api/documents', {
        as: admin,
        form: uploadForm(Array.from({ length: 3 }, (_, i) => ({ name: `aviary-${i}.txt`, content: `Falcon ${i}: falcon falcon falcon meadows meadows.` }))),
      });
      for (const d of theirs.body.documents) expect((await waitReady(d.id, admin)).status).toBe('ready');
      await (await getDatabase()).exec('ANALYZE chunks');

      const after = await ask();
      expect(after.body.results.map((r: any) => [r.chunkId, r.score])).toEqual(before.body.results.map((r: any) => [r.chunkId, r.score]));
    });

    it('removes an account: its sessions and keys stop at once, its collections pass to the admin', async () => {
      const key = (await call(keysRoute.POST, 'POST', '/api/keys', { as: member, body: { name: 'doomed' } })).body.key;
      const memberDocs = (await call(documentsRoute.GET, 'GET', '/api/documents', { as: member })).body.documents;
      expect(memberDocs.length).toBeGreaterThan(0);
      expect((await call(userRoute.DELETE, 'DELETE', `/api/users/${memberId}`, { as: admin, params: { id: memberId } })).status).toBe(204);
      expect((await call(meRoute.GET, 'GET', '/api/auth/me', { as: member })).status).toBe(401);
      expect((await call(meRoute.GET, 'GET', '/api/auth/me', { as: { bearer: key } })).status).toBe(401);
      const adminCollections = (await call(collectionsRoute.GET, 'GET', '/api/collections', { as: admin })).body.collections;
      expect(adminCollections.map((c: any) => c.name)).toContain(`birds (${MEMBER.email})`);
      const kept = await call(documentRoute.GET, 'GET', `/api/documents/${memberDocs[0].id}`, { as: admin, params: { id: memberDocs[0].id } });
      expect(kept.status).toBe(200);
    });
  });
}
