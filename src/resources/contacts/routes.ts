// TODO(port): delete once notes and subscriptions call `contacts(ctx).require(id)` from contacts' public.ts
// (they are being ported concurrently; until then their routes.ts import this).
import { scopeOf } from '../../core/scope.js';
import type { Db } from '../../db/database.js';
import type { ContactsTable } from '../../db/schema.js';
import { contacts } from './store.js';

/** @deprecated use `contacts(ctx).require(id)` from '../contacts/public.js' */
export const loadContact = (db: Db, workspaceId: string, rawId: unknown): Promise<ContactsTable> => contacts(scopeOf(db, workspaceId)).require(rawId);
