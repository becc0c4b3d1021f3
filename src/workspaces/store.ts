/** Creating workspaces (each seeded with its defaults) and finding the default one. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { seedWorkspace } from '../seed.js';
import type { WorkspacesTable } from '../db/schema.js';

const ID_CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Workspace ids look like Intercom app ids: 8 lowercase letters and digits, starting with a letter. */
export function generateIdCode(): string {
  const bytes = randomBytes(8);
  let code = ID_CODE_ALPHABET[bytes[0] % 26];
  for (let i = 1; i < 8; i++) code += ID_CODE_ALPHABET[bytes[i] % ID_CODE_ALPHABET.length];
  return code;
}

export interface NewWorkspace {
  name: string;
  region: string;
  timezone: string;
  isDefault?: boolean;
}

export interface CreatedWorkspace {
  workspace: WorkspacesTable;
  /** The admin that owns the workspace; its tokens act as this admin. */
  ownerAdminId: number;
}

/** Creates a workspace with its seeded defaults (admins, teams, …) in one transaction. */
export async function createWorkspace(db: Db, clock: Clock, input: NewWorkspace): Promise<CreatedWorkspace> {
  return db.transaction().execute(async (trx) => {
    const workspace: WorkspacesTable = {
      id_code: generateIdCode(),
      name: input.name,
      region: input.region,
      timezone: input.timezone,
      is_default: input.isDefault ? 1 : 0,
      created_at: clock.now(),
    };
    await trx.insertInto('workspaces').values(workspace).execute();
    const ownerAdminId = await seedWorkspace(trx, workspace, clock);
    return { workspace, ownerAdminId };
  });
}

export async function findDefaultWorkspace(db: Db): Promise<WorkspacesTable | undefined> {
  return db.selectFrom('workspaces').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

export async function findWorkspace(db: Db, idCode: string): Promise<WorkspacesTable | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id_code', '=', idCode).executeTakeFirst();
}
