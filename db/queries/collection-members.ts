import type { Queryable } from '../types';

/** A member's rights in a shared collection (the owner's are implied by owner_id). */
export type MemberRole = 'editor' | 'reader';

export interface MemberRow {
  email: string;
  role: MemberRole;
  /** `pending` until the recipient accepts; pending invitations grant nothing. */
  status: 'accepted' | 'pending';
}

/**
 * Invites an email (stored lower-cased, whether or not it has an account) or, if that
 * person already accepted, changes their role. Returns nothing that tells the two apart
 * from an unknown email.
 */
export async function inviteToCollection(q: Queryable, collectionId: string, email: string, role: MemberRole): Promise<void> {
  const updated = await q.query(
    `UPDATE collection_members cm SET role = $3 FROM users u
     WHERE cm.collection_id = $1 AND cm.user_id = u.id AND lower(u.email) = lower($2)`,
    [collectionId, email, role],
  );
  if (updated.rowCount > 0) return;
  await q.query(
    `INSERT INTO collection_invitations (collection_id, email, role) VALUES ($1, lower($2), $3)
     ON CONFLICT (collection_id, email) DO UPDATE SET role = EXCLUDED.role`,
    [collectionId, email, role],
  );
}

/** Ends a share or withdraws an invitation; false when there was neither. */
export async function removeFromCollection(q: Queryable, collectionId: string, email: string): Promise<boolean> {
  const invitation = await q.query('DELETE FROM collection_invitations WHERE collection_id = $1 AND email = lower($2)', [collectionId, email]);
  const member = await q.query(
    `DELETE FROM collection_members cm USING users u
     WHERE cm.collection_id = $1 AND cm.user_id = u.id AND lower(u.email) = lower($2)`,
    [collectionId, email],
  );
  return invitation.rowCount + member.rowCount > 0;
}

/** Members and pending invitations, for the owner. */
export async function listCollectionMembers(q: Queryable, collectionId: string): Promise<MemberRow[]> {
  const { rows } = await q.query<MemberRow>(
    `SELECT lower(u.email) AS email, cm.role, 'accepted' AS status
     FROM collection_members cm JOIN users u ON u.id = cm.user_id WHERE cm.collection_id = $1
     UNION ALL
     SELECT email, role, 'pending' AS status FROM collection_invitations WHERE collection_id = $1
     ORDER BY email`,
    [collectionId],
  );
  return rows;
}

export interface InvitationRow {
  id: string;
  name: string;
  owner: string | null;
  role: MemberRole;
}

/** Shares waiting for this person's answer. */
export async function listInvitations(q: Queryable, email: string): Promise<InvitationRow[]> {
  const { rows } = await q.query<InvitationRow>(
    `SELECT col.id, col.name, u.email AS owner, inv.role
     FROM collection_invitations inv
     JOIN collections col ON col.id = inv.collection_id
     LEFT JOIN users u ON u.id = col.owner_id
     WHERE inv.email = lower($1)
     ORDER BY inv.created_at, col.name`,
    [email],
  );
  return rows;
}

/** Turns this person's invitation into a membership; false when there was none. */
export async function acceptInvitation(q: Queryable, collectionId: string, userId: string, email: string): Promise<boolean> {
  const { rows } = await q.query<{ role: MemberRole }>(
    'DELETE FROM collection_invitations WHERE collection_id = $1 AND email = lower($2) RETURNING role',
    [collectionId, email],
  );
  if (!rows[0]) return false;
  await q.query(
    `INSERT INTO collection_members (collection_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (collection_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [collectionId, userId, rows[0].role],
  );
  return true;
}

/** Declines an invitation or leaves an accepted share; false when there was neither. */
export async function leaveCollection(q: Queryable, collectionId: string, userId: string, email: string): Promise<boolean> {
  const invitation = await q.query('DELETE FROM collection_invitations WHERE collection_id = $1 AND email = lower($2)', [collectionId, email]);
  const member = await q.query('DELETE FROM collection_members WHERE collection_id = $1 AND user_id = $2', [collectionId, userId]);
  return invitation.rowCount + member.rowCount > 0;
}
