/**
 * Bearer-token authentication and the Intercom-Version header, checked before anything else.
 * Token lookups are cached briefly: a request costs a map lookup, not a hash and a query. A revoked
 * token therefore stops working within AUTH_CACHE_MS in every running process.
 */
import type { Db } from '../db/database.js';
import { ApiError, unauthorized } from '../errors.js';
import { hashToken, resolveToken, type Caller } from '../workspaces/tokens.js';

export const AUTH_CACHE_MS = 2000;
const MAX_CACHED = 10_000;

/** Versions of the API a client may ask for (the spec's `intercom_version` enum). */
export const SUPPORTED_VERSIONS = new Set([
  '1.0', '1.1', '1.2', '1.3', '1.4', '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', 'Preview',
]);

export function checkVersion(header: string | string[] | undefined): void {
  if (header === undefined) return; // absent → the app's version, 2.11
  const version = Array.isArray(header) ? header[0] : header;
  if (!SUPPORTED_VERSIONS.has(version.trim())) {
    throw new ApiError('intercom_version_invalid', 'The requested version could not be found');
  }
}

/** Reads the token from `Bearer <token>`, or from Basic auth with the token as user name (old SDKs). */
export function tokenFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.split(':')[0] || undefined;
  }
  return undefined;
}

export class Authenticator {
  private cache = new Map<string, { caller: Caller; expires: number }>();

  constructor(private db: Db) {}

  /** Forgets the cached lookups of a workspace's tokens (they now act as another admin). */
  forgetWorkspace(workspaceId: string): void {
    for (const [key, hit] of this.cache) if (hit.caller.workspace.id === workspaceId) this.cache.delete(key);
  }

  async authenticate(header: string | undefined): Promise<Caller> {
    const token = tokenFrom(header);
    if (!token || token.length > 1024) throw unauthorized();
    // Keyed by the token's sha256, never the token: the process holds no token it was not just sent.
    const key = hashToken(token);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.caller;
    const caller = await resolveToken(this.db, token);
    if (!caller) {
      this.cache.delete(key);
      throw unauthorized();
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, { caller, expires: now + AUTH_CACHE_MS });
    return caller;
  }
}
