import type { Database } from '@/db';
import {
  addCollectionMember,
  getOwnedCollectionId,
  listCollectionMembers,
  listVisibleCollections,
  removeCollectionMember,
} from '@/db/queries/collections';
import { getUserByEmail } from '@/db/queries/users';
import { requireAccount } from './auth/authenticate';
import type { Principal } from './auth/principal';
import { badRequest, notFound } from './errors';

export interface CollectionView {
  name: string;
  documentCount: number;
  /** Whether the caller owns it (else it was shared with them). */
  owned: boolean;
}

export async function listCollectionViews(db: Database, viewer: Principal): Promise<CollectionView[]> {
  return (await listVisibleCollections(db, viewer.userId)).map(({ name, documentCount, owned }) => ({ name, documentCount, owned }));
}

async function ownedCollection(db: Database, viewer: Principal, name: string): Promise<string> {
  const id = await getOwnedCollectionId(db, viewer.userId, name);
  if (!id) throw notFound(`Your collection "${name}"`);
  return id;
}

export async function listMembers(db: Database, viewer: Principal, name: string): Promise<{ email: string }[]> {
  const members = await listCollectionMembers(db, await ownedCollection(db, viewer, name));
  return members.map(({ email }) => ({ email }));
}

/** The owner shares a collection with another account, which may then search and add to it. */
export async function shareCollection(db: Database, viewer: Principal, name: string, email: string): Promise<void> {
  const ownerId = requireAccount(viewer);
  const collectionId = await ownedCollection(db, viewer, name);
  const user = await getUserByEmail(db, email);
  if (!user) throw notFound(`An account for ${email}`);
  if (user.id === ownerId) throw badRequest('already_owner', 'You own this collection already.');
  await addCollectionMember(db, collectionId, user.id);
}

export async function unshareCollection(db: Database, viewer: Principal, name: string, email: string): Promise<void> {
  const collectionId = await ownedCollection(db, viewer, name);
  const user = await getUserByEmail(db, email);
  if (!user || !(await removeCollectionMember(db, collectionId, user.id))) throw notFound(`A member ${email}`);
}
