import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as setupRoute from '@/app/api/auth/setup/route';
import * as signInRoute from '@/app/api/auth/sign-in/route';
import * as membersRoute from '@/app/api/collections/[name]/members/route';
import * as membershipRoute from '@/app/api/collections/[name]/membership/route';
import * as collectionsRoute from '@/app/api/collections/route';
import * as documentRoute from '@/app/api/documents/[id]/route';
import * as retryRoute from '@/app/api/documents/[id]/retry/route';
import * as documentsRoute from '@/app/api/documents/route';
import * as userRoute from '@/app/api/users/[id]/route';
import * as usersRoute from '@/app/api/users/route';
import * as searchRoute from '@/app/api/search/route';
import { forgetAccountsExist } from '@/lib/auth/authenticate';
import { resetEnvCache } from '@/lib/env';
import { shutdownRuntime } from '@/lib/runtime';
import { call, type Caller, cookieFrom, uploadForm } from '../helpers/as-caller';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

const ADMIN = { email: 'ada@docent.test', password: 'correct horse battery' };
const BOB = { email: 'bob@docent.test', password: 'bob-password-123' };
const CAROL = { email: 'carol@docent.test', password: 'carol-password-123' };

/** One unusual word per document, so a keyword search finds exactly that document. */
const TERMS = { bobDefault: 'quokka7731', bobFinance: 'narwhal5523', carol: 'axolotl9902', payroll: 'pangolin3318', planted: 'salary' };

/**
 * Sharing through the real route handlers with three accounts: the capture attack of issue 10
 * (a member shares collections named like everyone's, unasked, to catch their uploads), consent,
 * roles, leaving, owners shown, uploads that stay with their uploader, and collection names.
 */
export function defineSharingSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let dropDatabase: (() => Promise<void>) | undefined;
  let admin: Caller;
  let bob: Caller;
  let carol: Caller;

  beforeAll(async () => {
    dropDatabase = await useFreshDatabase(kind, baseUrl);
    delete process.env.DOCENT_API_KEY;
    resetEnvCache();
    forgetAccountsExist();
    const setup = await call(setupRoute.POST, 'POST', '/api/auth/setup', { body: ADMIN });
    admin = { cookie: cookieFrom(setup) };
    for (const person of [BOB, CAROL]) {
      expect((await call(usersRoute.POST, 'POST', '/api/users', { as: admin, body: person })).status).toBe(201);
    }
    const signIn = async (person: typeof BOB) => ({ cookie: cookieFrom(await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: person })) });
    bob = await signIn(BOB);
    carol = await signIn(CAROL);
  });

  afterAll(async () => {
    forgetAccountsExist();
    await shutdownRuntime();
    await dropDatabase?.();
  });

  const upload = async (as: Caller, name: string, content: string, collection?: string) => {
    const result = await call(documentsRoute.POST, 'POST', '/api/documents', { as, form: uploadForm([{ name, content }], collection) });
    expect(result.status, JSON.stringify(result.body)).toBe(202);
    const doc = result.body.documents[0];
    await waitFor(async () => {
      const { body } = await call(documentRoute.GET, 'GET', `/api/documents/${doc.id}`, { as, params: { id: doc.id } });
      return body.status === 'ready' ? body : null;
    }, 90_000, `document ${name}`);
    return doc as { id: string; collection: string };
  };
  const found = async (as: Caller, query: string, collection?: string, mode = 'keyword'): Promise<string[]> => {
    const { status, body } = await call(searchRoute.POST, 'POST', '/api/search', { as, body: { query, mode, k: 20, collection } });
    expect(status, JSON.stringify(body)).toBe(200);
    return body.results.map((r: { documentId: string }) => r.documentId);
  };
  const listed = async (as: Caller, collection?: string): Promise<string[]> => {
    const query = collection ? `?collection=${encodeURIComponent(collection)}` : '';
    const { body } = await call(documentsRoute.GET, 'GET', `/api/documents${query}`, { as });
    return body.documents.map((d: { id: string }) => d.id);
  };
  const collectionsOf = async (as: Caller) => (await call(collectionsRoute.GET, 'GET', '/api/collections', { as })).body;
  const share = (as: Caller, collection: string, email: string, role?: string) =>
    call(membersRoute.POST, 'POST', `/api/collections/${encodeURIComponent(collection)}/members`, { as, params: { name: collection }, body: { email, role } });
  const unshare = (as: Caller, collection: string, email: string) =>
    call(membersRoute.DELETE, 'DELETE', `/api/collections/${collection}/members?email=${encodeURIComponent(email)}`, { as, params: { name: collection } });
  const accept = (as: Caller, id: string) => call(membershipRoute.POST, 'POST', `/api/collections/${id}/membership`, { as, params: { name: id } });
  const leave = (as: Caller, id: string) => call(membershipRoute.DELETE, 'DELETE', `/api/collections/${id}/membership`, { as, params: { name: id } });
  const getDoc = (as: Caller, id: string) => call(documentRoute.GET, 'GET', `/api/documents/${id}`, { as, params: { id } });

  describe(`sharing on ${kind}`, () => {
    const docs: Record<string, string> = {};
    let financeId: string;

    it('replays the capture attack: every document stays with its uploader and nobody else', async () => {
      docs.bobDefault = (await upload(bob, 'bob.txt', `Bob's notes mention ${TERMS.bobDefault}.`)).id;
      docs.bobFinance = (await upload(bob, 'budget.txt', `Bob's budget mentions ${TERMS.bobFinance}.`, 'finance')).id;
      // Text meant to surface in the admin's searches for pay.
      docs.planted = (await upload(bob, 'salary.txt', `Salary questions: wire your ${TERMS.planted} details to bob.`, 'finance')).id;
      for (const collection of ['default', 'finance']) {
        for (const email of [CAROL.email, ADMIN.email]) expect((await share(bob, collection, email, 'editor')).status).toBe(204);
      }

      // Their next ordinary uploads: collection omitted, or a name Bob also uses.
      const carolDoc = await upload(carol, 'private.txt', `Carol's private file: ${TERMS.carol}.`);
      const payroll = await upload(admin, 'payroll.txt', `Payroll ${TERMS.payroll}: ${TERMS.planted} bands.`, 'finance');
      docs.carol = carolDoc.id;
      docs.payroll = payroll.id;
      expect(carolDoc.collection).toBe('default');
      expect(payroll.collection).toBe('finance');
      const own = (await collectionsOf(carol)).collections;
      expect(own).toEqual([expect.objectContaining({ name: 'default', owned: true, role: 'owner', owner: CAROL.email })]);

      // Bob lists, searches and fetches only his own documents.
      expect((await listed(bob)).sort()).toEqual([docs.bobDefault, docs.bobFinance, docs.planted].sort());
      for (const mode of ['keyword', 'hybrid']) {
        for (const collection of [undefined, 'default', 'finance']) {
          expect(await found(bob, `${TERMS.carol} ${TERMS.payroll}`, collection, mode)).not.toContain(docs.carol);
          expect(await found(bob, `${TERMS.carol} ${TERMS.payroll}`, collection, mode)).not.toContain(docs.payroll);
        }
      }
      expect((await getDoc(bob, docs.carol)).status).toBe(404);
      expect((await getDoc(bob, docs.payroll)).status).toBe(404);

      // The planted text does not reach the admin's results: an unanswered share grants nothing.
      expect(await found(admin, TERMS.planted)).toEqual([docs.payroll]);
      expect(await found(admin, TERMS.planted, 'finance')).toEqual([docs.payroll]);

      // Bob unshares: everyone still has their own documents.
      for (const collection of ['default', 'finance']) {
        for (const email of [CAROL.email, ADMIN.email]) expect((await unshare(bob, collection, email)).status).toBe(204);
      }
      expect((await getDoc(carol, docs.carol)).status).toBe(200);
      expect((await getDoc(admin, docs.payroll)).status).toBe(200);
      expect(await listed(carol)).toEqual([docs.carol]);
      expect(await found(carol, TERMS.carol)).toEqual([docs.carol]);
    });

    it('asks the recipient first, shows the owner, and lets them decline', async () => {
      const bobCollections = (await collectionsOf(bob)).collections;
      financeId = bobCollections.find((c: { name: string }) => c.name === 'finance').id;
      expect((await share(bob, 'finance', CAROL.email)).status).toBe(204);
      const pending = await collectionsOf(carol);
      expect(pending.invitations).toEqual([{ id: financeId, name: 'finance', owner: BOB.email, role: 'reader' }]);
      expect(pending.collections.map((c: { id: string }) => c.id)).not.toContain(financeId);
      expect(await found(carol, TERMS.bobFinance)).toEqual([]);
      expect(await found(carol, TERMS.bobFinance, financeId)).toEqual([]);
      expect((await getDoc(carol, docs.bobFinance)).status).toBe(404);

      expect((await leave(carol, financeId)).status).toBe(204);
      expect((await collectionsOf(carol)).invitations).toEqual([]);
      expect((await call(membersRoute.GET, 'GET', '/api/collections/finance/members', { as: bob, params: { name: 'finance' } })).body.members).toEqual([]);
      expect((await accept(carol, financeId)).status).toBe(404);
      // Nothing shared with Carol there answers like no collection at all.
      const missing = '00000000-0000-4000-8000-0000000000ff';
      for (const act of [accept, leave]) {
        const [real, none] = [await act(carol, financeId), await act(carol, missing)];
        expect(real.status).toBe(404);
        expect(JSON.stringify(real.body).replace(financeId, 'ID')).toBe(JSON.stringify(none.body).replace(missing, 'ID'));
      }
    });

    it('gives a reader search, list and cite, but not add, delete or retry; the reader may leave', async () => {
      expect((await share(bob, 'finance', CAROL.email, 'reader')).status).toBe(204);
      expect((await accept(carol, financeId)).status).toBe(204);
      const shared = (await collectionsOf(carol)).collections.find((c: { id: string }) => c.id === financeId);
      expect(shared).toEqual({ id: financeId, name: 'finance', owner: BOB.email, documentCount: 2, owned: false, role: 'reader' });
      const members = await call(membersRoute.GET, 'GET', '/api/collections/finance/members', { as: bob, params: { name: 'finance' } });
      expect(members.body.members).toEqual([{ email: CAROL.email, role: 'reader', status: 'accepted' }]);

      expect(await found(carol, TERMS.bobFinance)).toEqual([docs.bobFinance]);
      // A bare name is always the caller's own: Carol has no "finance", Bob's is named by owner or id.
      expect(await found(carol, TERMS.bobFinance, 'finance')).toEqual([]);
      expect(await found(carol, TERMS.bobFinance, `${BOB.email}/finance`)).toEqual([docs.bobFinance]);
      expect(await found(carol, TERMS.bobFinance, financeId)).toEqual([docs.bobFinance]);
      expect((await listed(carol, `${BOB.email.toUpperCase()}/finance`)).sort()).toEqual([docs.bobFinance, docs.planted].sort());

      const add = await call(documentsRoute.POST, 'POST', '/api/documents', { as: carol, form: uploadForm([{ name: 'x.txt', content: 'x' }], financeId) });
      expect(add.status).toBe(403);
      expect(add.body.error.code).toBe('read_only_collection');
      const del = await call(documentRoute.DELETE, 'DELETE', `/api/documents/${docs.bobFinance}`, { as: carol, params: { id: docs.bobFinance } });
      expect(del.status).toBe(403);
      expect(del.body.error.message).toMatch(/owner|uploaded/);
      const retry = await call(retryRoute.POST, 'POST', `/api/documents/${docs.bobFinance}/retry`, { as: carol, params: { id: docs.bobFinance } });
      expect(retry.status).toBe(403);
      // Only the owner manages members.
      expect((await share(carol, financeId, ADMIN.email)).status).toBe(404);
      expect((await getDoc(bob, docs.bobFinance)).body.status).toBe('ready');
      // Sharing again with an accepted member changes their role, with no new invitation.
      expect((await share(bob, 'finance', CAROL.email, 'editor')).status).toBe(204);
      const promoted = await call(membersRoute.GET, 'GET', '/api/collections/finance/members', { as: bob, params: { name: 'finance' } });
      expect(promoted.body.members).toEqual([{ email: CAROL.email, role: 'editor', status: 'accepted' }]);
      expect((await collectionsOf(carol)).invitations).toEqual([]);

      expect((await leave(carol, financeId)).status).toBe(204);
      expect((await collectionsOf(carol)).collections.map((c: { id: string }) => c.id)).not.toContain(financeId);
      expect(await found(carol, TERMS.bobFinance)).toEqual([]);
    });

    it("lets an editor add by id; the uploader keeps their document after the owner unshares", async () => {
      expect((await share(bob, 'finance', CAROL.email, 'editor')).status).toBe(204);
      expect((await accept(carol, financeId)).status).toBe(204);
      const notAnEditor = await call(documentsRoute.POST, 'POST', '/api/documents', { as: admin, form: uploadForm([{ name: 'x.txt', content: 'x' }], financeId) });
      expect(notAnEditor.status).toBe(404);
      // Even as an accepted editor, a bare name is Carol's own collection, never Bob's.
      const mine = await upload(carol, 'carol-finance.txt', `Carol's own finance note ${TERMS.carol}.`, 'finance');
      expect(await listed(bob, 'finance')).not.toContain(mine.id);
      expect((await getDoc(bob, mine.id)).status).toBe(404);
      expect((await collectionsOf(carol)).collections).toContainEqual(expect.objectContaining({ name: 'finance', owned: true, owner: CAROL.email }));
      const added = await upload(carol, 'carol-budget.txt', `Carol adds ${TERMS.carol} figures to Bob's budget.`, `${BOB.email}/finance`);
      expect(added.collection).toBe('finance');
      expect(await listed(bob, 'finance')).toContain(added.id);
      // An editor deletes her own upload, not the owner's.
      expect((await call(documentRoute.DELETE, 'DELETE', `/api/documents/${docs.bobFinance}`, { as: carol, params: { id: docs.bobFinance } })).status).toBe(403);

      expect((await unshare(bob, 'finance', CAROL.email)).status).toBe(204);
      expect((await getDoc(carol, added.id)).status).toBe(200);
      expect(await listed(carol)).toContain(added.id);
      expect(await found(carol, TERMS.carol)).toContain(added.id);
      expect(await listed(carol)).not.toContain(docs.bobFinance);
      expect((await call(documentRoute.DELETE, 'DELETE', `/api/documents/${added.id}`, { as: carol, params: { id: added.id } })).status).toBe(204);
      expect(await listed(bob, 'finance')).not.toContain(added.id);
    });

    it('answers a share to an unknown email exactly like one to an account', async () => {
      const known = await share(bob, 'default', ADMIN.email);
      const unknown = await share(bob, 'default', 'nobody-here@docent.test');
      expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
      const members = (await call(membersRoute.GET, 'GET', '/api/collections/default/members', { as: bob, params: { name: 'default' } })).body.members;
      expect(members).toEqual([
        { email: ADMIN.email, role: 'reader', status: 'pending' },
        { email: 'nobody-here@docent.test', role: 'reader', status: 'pending' },
      ]);
      const self = await share(bob, 'default', BOB.email.toUpperCase());
      expect(self.status).toBe(400);
    });

    it('keeps an invitation for an email until its account exists, and not past its removal', async () => {
      const dora = { email: 'dora@docent.test', password: 'dora-password-123' };
      expect((await share(bob, 'finance', dora.email)).status).toBe(204);
      const create = async () => {
        const created = await call(usersRoute.POST, 'POST', '/api/users', { as: admin, body: dora });
        const session = { cookie: cookieFrom(await call(signInRoute.POST, 'POST', '/api/auth/sign-in', { body: dora })) };
        return { id: created.body.id as string, session };
      };
      const first = await create();
      expect((await collectionsOf(first.session)).invitations).toEqual([expect.objectContaining({ name: 'finance', owner: BOB.email })]);
      expect((await call(userRoute.DELETE, 'DELETE', `/api/users/${first.id}`, { as: admin, params: { id: first.id } })).status).toBe(204);
      const second = await create();
      expect((await collectionsOf(second.session)).invitations).toEqual([]);
    });

    it('normalises collection names and refuses look-alikes and control characters', async () => {
      const cyrillic = await call(documentsRoute.POST, 'POST', '/api/documents', { as: carol, form: uploadForm([{ name: 'c.txt', content: 'c' }], 'd\u0435fault') });
      expect(cyrillic.status).toBe(400);
      expect(cyrillic.body.error).toMatchObject({ code: 'invalid_collection' });
      expect(cyrillic.body.error.message).toMatch(/Latin and Cyrillic.*one alphabet/);
      const nul = await call(documentsRoute.POST, 'POST', '/api/documents', { as: carol, form: uploadForm([{ name: 'c.txt', content: 'c' }], 'fin\u0000ance') });
      expect(nul.status).toBe(400);
      expect(nul.body.error.message).toMatch(/control|NUL/);
      const search = await call(searchRoute.POST, 'POST', '/api/search', { as: carol, body: { query: 'x', collection: 'fin\u0000ance' } });
      expect(search.status).toBe(400);
      const list = await call(documentsRoute.GET, 'GET', '/api/documents?collection=d%D0%B5fault', { as: carol });
      expect(list.status).toBe(400);

      const wide = await upload(carol, 'wide.txt', 'Full-width name test.', '\uFF44\uFF45\uFF46\uFF41\uFF55\uFF4C\uFF54');
      expect(wide.collection).toBe('default');
      const japanese = await upload(carol, 'jp.txt', 'Japanese name test.', '日本語のノート');
      expect(japanese.collection).toBe('日本語のノート');
      const names = (await collectionsOf(carol)).collections.map((c: { name: string }) => c.name).sort();
      expect(names).toEqual(['default', 'finance', '日本語のノート']);
    });
  });
}
