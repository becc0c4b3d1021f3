import type { Db } from '../../db/database.js';
import { badRequest, notFound } from '../../errors.js';
import type { Handlers } from '../../core/context.js';
import { numericId } from '../../core/ids.js';
import { pageNumber, perPage } from '../../http/pagination.js';
import { nextId } from '../../db/dialect.js';
import type { NotesTable } from '../../db/schema.js';
import { findAdmin } from '../admins/store.js';
import { assertNoNul } from '../contacts/input.js';
import { loadContact } from '../contacts/routes.js';
import { noteHtml } from './body.js';
import * as store from './store.js';
import { renderNotes } from './wire.js';

/** GET /contacts/{id}/notes: page-number pagination, 50 per page by default (the spec's examples). */
const NOTES_PER_PAGE = 50;

export const noteHandlers: Handlers = {
  async createNote(ctx, { params, body }) {
    const ws = ctx.workspace.id;
    const text = typeof body.body === 'string' ? body.body.trim() : '';
    if (!text) throw badRequest('Body is required', 'parameter_invalid', 'body');
    assertNoNul('body', text);
    // The author is the admin named in the body, else the admin the token acts as.
    let adminId = ctx.adminId;
    if (body.admin_id !== undefined && body.admin_id !== null) {
      const id = numericId(body.admin_id);
      const admin = id === undefined ? undefined : await findAdmin(ctx.db, ws, id);
      if (!admin) throw notFound('Resource Not Found');
      adminId = Number(admin.id);
    }
    const row = await (async (trx: Db) => {
      const contact = await loadContact(trx, ws, params.contact_id);
      const note: NotesTable = {
        workspace_id: ws,
        id: await nextId(trx),
        contact_id: contact.id,
        admin_id: adminId,
        body: noteHtml(text),
        created_at: ctx.clock.now(),
      };
      await store.insertNote(trx, note);
      return note;
    })(ctx.db);
    return (await renderNotes(ctx.db, ws, [row]))[0];
  },

  async listNotes(ctx, { params, query }) {
    const ws = ctx.workspace.id;
    const contact = await loadContact(ctx.db, ws, params.contact_id);
    const q = query as Record<string, unknown>;
    const page = pageNumber(q.page);
    const limit = perPage(q.per_page, NOTES_PER_PAGE);
    const { rows, total } = await store.listNotes(ctx.db, ws, contact.id, { offset: (page - 1) * limit, limit });
    // A page past the end is an empty 200: the official SDK pages until `data` is empty.
    return {
      type: 'list',
      data: await renderNotes(ctx.db, ws, rows),
      total_count: total,
      pages: { type: 'pages', page, per_page: limit, total_pages: Math.ceil(total / limit) },
    };
  },

  async retrieveNote(ctx, { params }) {
    const id = numericId(params.note_id);
    const row = id === undefined ? undefined : await store.findNote(ctx.db, ctx.workspace.id, id);
    if (!row) throw notFound('Resource Not Found');
    return (await renderNotes(ctx.db, ctx.workspace.id, [row]))[0];
  },
};
