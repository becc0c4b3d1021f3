/** The default workspace: created and seeded on first start, with the token the server prints. */
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { WorkspacesTable } from '../db/schema.js';
import type { Clock } from '../core/clock.js';
import { ownerAdminId } from '../resources/admins/public.js';
import { createWorkspace, findDefaultWorkspace } from './store.js';
import { hashToken, issueToken } from './tokens.js';

export interface DefaultWorkspace {
  workspace: WorkspacesTable;
  created: boolean;
  /** A token to print: set when one was generated now. */
  generatedToken?: string;
}

export class StartupError extends Error {}

export async function ensureDefaultWorkspace(db: Db, config: Config, clock: Clock): Promise<DefaultWorkspace> {
  let workspace = await findDefaultWorkspace(db);
  const created = !workspace;
  if (!workspace) {
    workspace = (
      await createWorkspace(db, clock, { name: config.workspaceName, region: config.region, timezone: config.timezone, isDefault: true })
    ).workspace;
  }
  const owner = await ownerAdminId(db, workspace.id_code);

  if (config.accessToken) {
    const existing = await db
      .selectFrom('access_tokens')
      .select(['workspace_id', 'revoked_at'])
      .where('token_hash', '=', hashToken(config.accessToken))
      .executeTakeFirst();
    if (existing && existing.workspace_id !== workspace.id_code) {
      throw new StartupError('INTERCOM_ACCESS_TOKEN: this token already belongs to another workspace');
    }
    if (existing && existing.revoked_at !== null) {
      await db.updateTable('access_tokens').set({ revoked_at: null }).where('token_hash', '=', hashToken(config.accessToken)).execute();
    }
    if (!existing) {
      await issueToken(db, { workspaceId: workspace.id_code, adminId: owner, now: clock.now(), token: config.accessToken, name: 'INTERCOM_ACCESS_TOKEN' });
    }
    return { workspace, created };
  }
  if (created) {
    const { token } = await issueToken(db, { workspaceId: workspace.id_code, adminId: owner, now: clock.now(), name: 'default' });
    return { workspace, created, generatedToken: token };
  }
  return { workspace, created };
}
