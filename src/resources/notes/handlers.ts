/** Notes: createNote, listNotes (a contact's), retrieveNote. */
import type { Ctx, Handlers } from '../../core/context.js';
import type { NotesTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import { numberedPage, pageNumber, pageOffset, perPage } from '../../http/pagination.js';
import { admins } from '../admins/public.js';
import { contacts } from '../contacts/public.js';
import { noteHtml } from './body.js';
import { notes } from './store.js';
import { noteNotFound, noteWire } from './wire.js';

/** GET /contacts/{id}/notes: page-number pagination, 50 per page by default (the spec's examples). */
const NOTES_PER_PAGE = 50;

/** Notes with their authors, in two queries whatever the number of notes. */
async function shown(ctx: Ctx, rows: NotesTable[]) {
  const authors = await admins(ctx).shownByIds(rows.flatMap((r) => (r.admin_id === null ? [] : [Number(r.admin_id)])));
  return rows.map((row) => {
    const author = row.admin_id === null ? undefined : authors.get(Number(row.admin_id));
    // Every note is written with its author, and admins are never deleted in this server.
    if (!author) throw new Error(`note ${row.id}: author admin ${row.admin_id} not found`);
    return noteWire(row, author);
  });
}

export const noteHandlers: Handlers = {
  async createNote(ctx, { params, body }) {
    const text = body.body.trim();
    if (!text) throw badRequest('Body is required', 'parameter_invalid', 'body');
    // The author is the admin named in the body, else the admin the token acts as.
    const author = body.admin_id === undefined ? undefined : await admins(ctx).require(body.admin_id, noteNotFound);
    const contact = await contacts(ctx).require(params.contact_id);
    const row = await notes(ctx).insert({ contactId: contact.id, adminId: author?.id ?? ctx.adminId, body: noteHtml(text), now: ctx.clock.now() });
    const [note] = await shown(ctx, [row]);
    return note;
  },

  async listNotes(ctx, { params, query }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, NOTES_PER_PAGE);
    const { rows, total } = await notes(ctx).of(contact.id, { offset: pageOffset(page, limit), limit });
    return { type: 'list', data: await shown(ctx, rows), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },

  async retrieveNote(ctx, { params }) {
    const [note] = await shown(ctx, [await notes(ctx).require(params.note_id)]);
    return note;
  },
};
