/**
 * Access tokens. A token is shown once, when issued; only its sha256 is stored. Lookups go by that
 * hash, and the stored hash is compared with the computed one in constant time.
 */
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Caller } from '../core/operation.js';

export function hashToken(token: string): string {
  // One-shot hashing: no Hash object per request (every request hashes its token).
  return hash('sha256', token, 'hex');
}

/** Tokens look like Intercom's: base64 of `tok:<uuid>:1:0`. */
export function generateToken(): string {
  const uuid = [4, 2, 2, 2, 6].map((n) => randomBytes(n).toString('hex')).join('-');
  return Buffer.from(`tok:${uuid}:1:0`).toString('base64');
}

export interface IssuedToken {
  id: string;
  token: string;
}

export async function issueToken(
  db: Db,
  options: { workspaceId: string; adminId: number; now: number; token?: string; name?: string },
): Promise<IssuedToken> {
  const token = options.token ?? generateToken();
  const id = randomUUID();
  await db
    .insertInto('access_tokens')
    .values({
      workspace_id: options.workspaceId,
      id,
      token_hash: hashToken(token),
      admin_id: options.adminId,
      name: options.name ?? 'API token',
      created_at: options.now,
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

/** Revokes by token id or by the token itself. Returns whether a live token was revoked. */
export async function revokeToken(db: Db, tokenOrId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where((eb) => eb.or([eb('id', '=', tokenOrId), eb('token_hash', '=', hashToken(tokenOrId))]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type { Caller } from '../core/operation.js';

export async function resolveToken(db: Db, token: string): Promise<Caller | undefined> {
  const hash = hashToken(token);
  const row = await db
    .selectFrom('access_tokens as t')
    .innerJoin('workspaces as w', 'w.id_code', 't.workspace_id')
    .select(['t.token_hash', 't.admin_id', 'w.id_code', 'w.name', 'w.region', 'w.timezone', 'w.created_at'])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return {
    adminId: Number(row.admin_id),
    workspace: { id: row.id_code, name: row.name, region: row.region, timezone: row.timezone, createdAt: Number(row.created_at) },
  };
}
