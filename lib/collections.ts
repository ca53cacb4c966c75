import type { Database } from '@/db';
import {
  acceptInvitation,
  inviteToCollection,
  leaveCollection,
  listCollectionMembers,
  listInvitations,
  type MemberRole,
  type MemberRow,
  removeFromCollection,
} from '@/db/queries/collection-members';
import { type CollectionRole, findCollectionId, listVisibleCollections } from '@/db/queries/collections';
import { requireAccount } from './auth/authenticate';
import type { Viewer } from './auth/viewer';
import { normalizeCollectionRef } from './collection-names';
import { badRequest, notFound } from './errors';

export interface CollectionView {
  id: string;
  name: string;
  /** The owner's email (null on an install with no accounts), so a recipient knows whose it is. */
  owner: string | null;
  documentCount: number;
  /** Whether the viewer owns it (else they accepted a share of it). */
  owned: boolean;
  role: CollectionRole;
}

/** A share waiting for the viewer's Accept or Decline; it grants nothing until accepted. */
export interface InvitationView {
  id: string;
  name: string;
  owner: string | null;
  role: MemberRole;
}

export type MemberView = MemberRow;

export async function listCollectionViews(db: Database, viewer: Viewer): Promise<CollectionView[]> {
  return (await listVisibleCollections(db, viewer.userId)).map(({ id, name, owner, documentCount, owned, role }) => ({
    id,
    name,
    owner,
    documentCount,
    owned,
    role,
  }));
}

/** GET /api/collections. */
export interface CollectionList {
  collections: CollectionView[];
  invitations: InvitationView[];
}

/** GET /api/collections/{name}/members. */
export interface MemberList {
  members: MemberView[];
}

export async function listInvitationViews(db: Database, viewer: Viewer): Promise<InvitationView[]> {
  return viewer.email ? listInvitations(db, viewer.email) : [];
}

/** The viewer's own collection, by name or id: only an owner manages its members. */
async function ownedCollection(db: Database, viewer: Viewer, collection: string): Promise<string> {
  const id = await findCollectionId(db, viewer.userId, normalizeCollectionRef(collection), 'own');
  if (!id) throw notFound(`Your collection "${collection}"`);
  return id;
}

export async function listMembers(db: Database, viewer: Viewer, collection: string): Promise<MemberView[]> {
  return listCollectionMembers(db, await ownedCollection(db, viewer, collection));
}

/**
 * The owner invites an email with a role. The answer is the same whether or not that email
 * has an account (the invitation waits for one), so sharing never reveals who uses Docent.
 */
export async function shareCollection(db: Database, viewer: Viewer, collection: string, email: string, role: MemberRole = 'reader'): Promise<void> {
  requireAccount(viewer);
  const collectionId = await ownedCollection(db, viewer, collection);
  if (viewer.email && email.toLowerCase() === viewer.email.toLowerCase()) {
    throw badRequest('already_owner', 'You own this collection already; share it with someone else.');
  }
  await inviteToCollection(db, collectionId, email, role);
}

export async function unshareCollection(db: Database, viewer: Viewer, collection: string, email: string): Promise<void> {
  const collectionId = await ownedCollection(db, viewer, collection);
  if (!(await removeFromCollection(db, collectionId, email))) throw notFound(`A member or invitation for ${email}`);
}

// One answer for "no such collection" and "nothing shared with you there", so these routes
// cannot be used to learn which collections other people have.
const noShare = (collection: string) => notFound(`An invitation to or a share of "${collection}" for you`);

/** The recipient's side of a share: the collection named by id (or `owner-email/name`). */
async function invitedCollection(db: Database, viewer: Viewer, collection: string): Promise<{ id: string; userId: string; email: string }> {
  const userId = requireAccount(viewer);
  const ref = normalizeCollectionRef(collection);
  // A pending invitation grants no read access, so this lookup has no access rule; what follows
  // only touches the viewer's own invitation and membership rows.
  const id = await findCollectionId(db, userId, ref, 'any');
  if (!id || !viewer.email) throw noShare(collection);
  return { id, userId, email: viewer.email };
}

export async function acceptShare(db: Database, viewer: Viewer, collection: string): Promise<void> {
  const { id, userId, email } = await invitedCollection(db, viewer, collection);
  if (!(await db.transaction((tx) => acceptInvitation(tx, id, userId, email)))) throw noShare(collection);
}

/** Declines an invitation, or leaves a collection shared with the viewer. Their own uploads stay theirs. */
export async function leaveShare(db: Database, viewer: Viewer, collection: string): Promise<void> {
  const { id, userId, email } = await invitedCollection(db, viewer, collection);
  if (!(await leaveCollection(db, id, userId, email))) throw noShare(collection);
}
