/**
 * Table shapes as Kysely sees them. Conventions, the same on both engines:
 * - every table leads with `workspace_id` (the workspace's `id_code`), and its primary key starts with it;
 * - numeric Intercom ids are integers from one id sequence (see dialect.ts), rendered as strings on the wire;
 * - booleans are integers 0/1 and JSON is stored as text, so SQLite and PostgreSQL store the same values;
 * - timestamps are unix seconds.
 */
import type { Generated } from 'kysely';

export type Bool = 0 | 1;

export interface WorkspacesTable {
  id_code: string;
  name: string;
  region: string;
  timezone: string;
  is_default: Bool;
  created_at: number;
}

export interface AccessTokensTable {
  workspace_id: string;
  id: string;
  /** sha256 of the token, hex. The token itself is never stored. */
  token_hash: string;
  /** The admin the token acts as (what GET /me returns). */
  admin_id: number;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AdminsTable {
  workspace_id: string;
  id: number;
  name: string;
  email: string;
  job_title: string;
  away_mode_enabled: Bool;
  away_mode_reassign: Bool;
  has_inbox_seat: Bool;
  avatar_url: string | null;
  email_verified: Bool;
  created_at: number;
}

export interface TeamsTable {
  workspace_id: string;
  id: number;
  name: string;
  created_at: number;
}

export interface TeamMembersTable {
  workspace_id: string;
  team_id: number;
  admin_id: number;
}

export interface TagsTable {
  workspace_id: string;
  id: number;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface ActivityLogsTable {
  workspace_id: string;
  id: string;
  admin_id: number;
  ip: string | null;
  activity_type: string;
  activity_description: string;
  /** JSON object: the activity's metadata. */
  metadata: string;
  created_at: number;
}

export interface IdCounterTable {
  name: string;
  value: Generated<number>;
}

export interface Database {
  workspaces: WorkspacesTable;
  access_tokens: AccessTokensTable;
  admins: AdminsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  tags: TagsTable;
  activity_logs: ActivityLogsTable;
  id_counter: IdCounterTable;
}
