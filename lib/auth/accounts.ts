import type { Database, Queryable } from '@/db';
import { deleteExpiredSessions, insertSession } from '@/db/queries/credentials';
import {
  adoptOwnerlessRows,
  countUsers,
  deleteUserKeepingCollections,
  getUserByEmail,
  getUserById,
  insertUser,
  listUsers,
  type UserRole,
  type UserRow,
} from '@/db/queries/users';
import { env } from '../env';
import { AppError, conflict, describeError, notFound } from '../errors';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords';
import type { Viewer } from './viewer';
import { hashToken, newToken } from './tokens';

export interface UserView {
  id: string;
  email: string;
  role: UserRole;
  createdAt: string;
}

/** GET /api/users. */
export interface UserList {
  users: UserView[];
}

export const toUserView = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  role: u.role,
  createdAt: new Date(u.createdAt).toISOString(),
});

export const SESSION_DAYS = 30;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** A fresh random session (a new token at every sign-in: no session fixation). */
export async function startSession(q: Queryable, userId: string): Promise<NewSession> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await deleteExpiredSessions(q); // sign-ins are rare enough to sweep the table each time
  await insertSession(q, hashToken(token), userId, expiresAt);
  return { token, expiresAt };
}

/**
 * Creates the first admin if there is no account yet, in one transaction under a lock so two
 * instances (or two browsers) racing to set up end with one admin. Rows made before accounts
 * existed become this admin's. Null when an account already exists.
 */
async function createFirstAdmin(db: Database, email: string, password: string): Promise<UserRow | null> {
  if ((await countUsers(db)) > 0) return null; // no hashing (seconds of CPU) once set up
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('docent:first-admin'))`);
    if ((await countUsers(tx)) > 0) return null;
    const admin = await insertUser(tx, { email, passwordHash, role: 'admin' });
    if (admin) await adoptOwnerlessRows(tx, admin.id);
    return admin;
  });
}

const bootstrapState = globalThis as typeof globalThis & { __docentAdminFromEnv?: Promise<void> };

/** ADMIN_EMAIL and ADMIN_PASSWORD on first start create that admin (once per process). */
export function ensureAdminFromEnvironment(db: Database): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return Promise.resolve();
  bootstrapState.__docentAdminFromEnv ??= createFirstAdmin(db, ADMIN_EMAIL, ADMIN_PASSWORD)
    .then((admin) => {
      if (admin) console.log(`[auth] created the admin account ${admin.email} from ADMIN_EMAIL`);
    })
    .catch((err) => {
      bootstrapState.__docentAdminFromEnv = undefined;
      throw new Error(`Could not create the admin from ADMIN_EMAIL: ${describeError(err)}`);
    });
  return bootstrapState.__docentAdminFromEnv;
}

export const ALREADY_SET_UP = 'Docent already has an admin; sign in instead.';

/** The first visit's "create the admin" form. */
export async function setUpFirstAdmin(db: Database, email: string, password: string): Promise<{ user: UserView; session: NewSession }> {
  const admin = await createFirstAdmin(db, email, password);
  if (!admin) throw conflict('already_set_up', ALREADY_SET_UP);
  return { user: toUserView(admin), session: await startSession(db, admin.id) };
}

const badCredentials = () =>
  new AppError('invalid_credentials', 'That email and password do not match an account; check them and try again.', 401);

export async function signIn(db: Database, email: string, password: string): Promise<{ user: UserView; session: NewSession }> {
  const user = await getUserByEmail(db, email);
  if (!user) {
    await verifyAgainstDecoy(password);
    throw badCredentials();
  }
  if (!(await verifyPassword(user.passwordHash, password))) throw badCredentials();
  return { user: toUserView(user), session: await startSession(db, user.id) };
}

export async function listUserViews(db: Database): Promise<UserView[]> {
  return (await listUsers(db)).map(toUserView);
}

export async function addUser(db: Database, input: { email: string; password: string; role: UserRole }): Promise<UserView> {
  const user = await insertUser(db, { email: input.email, passwordHash: await hashPassword(input.password), role: input.role });
  if (!user) throw conflict('email_taken', `An account for ${input.email} already exists; pick another email.`);
  return toUserView(user);
}

/**
 * Removes an account: its sessions and keys stop working at once (401), its chats go, and its
 * collections pass to the admin who removed it, so no document is lost.
 */
export async function removeUser(db: Database, viewer: Viewer, userId: string): Promise<void> {
  if (!viewer.userId) throw conflict('no_account', 'Sign in as an admin to remove accounts.');
  if (userId === viewer.userId) throw conflict('cannot_remove_self', 'You cannot remove your own account; ask another admin.');
  if (!(await getUserById(db, userId))) throw notFound('That account');
  await db.transaction((tx) => deleteUserKeepingCollections(tx, userId, viewer.userId!));
}
