/**
 * Fixtures: a workspace described in the API's own request shapes, loaded by running the
 * operations' own handlers, all in ONE transaction: a bad entry rejects the whole document (400
 * naming its position, e.g. `contacts[3].email`, and the reason) and nothing is loaded.
 *
 *   {
 *     "data_attributes": [ <createDataAttribute body>, … ],
 *     "companies":       [ {"ref": "acme", <createOrUpdateCompany body>}, … ],
 *     "contacts":        [ {"ref": "ada", <CreateContact body>}, … ],
 *     "company_contacts":[ {"contact_id": "@ada", "id": "@acme"}, … ],         attachContactToACompany
 *     "tags":            [ {"name": "VIP", "users": [{"id": "@ada"}]}, … ],       createTag
 *     "notes":           [ {"contact_id": "@ada", "body": "<p>…</p>"}, … ],       createNote
 *     "subscriptions":   [ {"contact_id": "@ada", "id": "@subscription_type:Newsletter", "consent_type": "opt_in"}, … ],
 *     "webhooks":        [ {"url": "…", "topics": ["contact.user.created"]}, … ]  POST /_admin/webhooks
 *     "events", "ticket_types", "ticket_type_attributes", "conversations", "messages",
 *     "conversation_replies", "conversation_actions", "tickets": the bodies of createDataEvent,
 *     createTicketType, createTicketTypeAttribute (+ ticket_type_id), createConversation (its ref names
 *     the conversation), createMessage, replyConversation and manageConversation (+ conversation_id),
 *     createTicket; "collections", "articles", "news_items": createCollection, createArticle,
 *     createNewsItem (a ref in a field typed as an integer, such as `author_id`, becomes a number)
 *   }
 *
 * Sections load in the order of FIXTURE_SECTIONS whatever their order in the document, so a ref is
 * always defined before it is used. `ref` names the object an entry creates; `"@name"` in an `id` or
 * `…_id` field (and in path parameters) stands for its id. Seeded objects have built-in refs:
 * `@owner` (the caller's admin), `@admin:<email>`, `@team:<name>`, `@subscription_type:<name>`.
 * Path parameters (`contact_id` above) are given as keys of the entry.
 *
 * A new resource is one entry in FIXTURE_SECTIONS: its section name, the operation creating one
 * object, and the path parameters it takes (e.g. `{key: 'conversations', operation:
 * 'createConversation'}`, `{key: 'tickets', operation: 'createTicket'}`).
 *
 * Loading records no events: a fixture describes a state, not a history, so no webhook fires for it.
 */
import { Reply, type Ctx } from '../../core/context.js';
import { ApiError } from '../../errors.js';
import { operations, type OperationId } from '../../generated/operations.js';
import { handlers } from '../../handlers.js';
import { assertCleanStrings } from '../../http/strings.js';
import { compileRequestValidator } from '../../http/validation.js';
import * as webhooks from '../webhooks.js';
import type { AdminHandler } from '../webhooks.js';

export interface FixtureSection {
  key: string;
  /** The operation whose handler creates each entry (checked against its request schema first). */
  operation?: OperationId;
  /** Or a handler of this namespace. */
  admin?: AdminHandler;
  /** Path parameters each entry gives as keys. */
  path?: string[];
  /** The id a `ref` names, when the answer's own `id` is not the object created (a conversation's first message). */
  refId?: (answer: Record<string, unknown>) => unknown;
}

export const FIXTURE_SECTIONS: readonly FixtureSection[] = [
  { key: 'data_attributes', operation: 'createDataAttribute' },
  { key: 'companies', operation: 'createOrUpdateCompany' },
  { key: 'contacts', operation: 'CreateContact' },
  { key: 'company_contacts', operation: 'attachContactToACompany', path: ['contact_id'] },
  { key: 'tags', operation: 'createTag' },
  { key: 'notes', operation: 'createNote', path: ['contact_id'] },
  { key: 'subscriptions', operation: 'attachSubscriptionTypeToContact', path: ['contact_id'] },
  { key: 'webhooks', admin: webhooks.createSubscription },
  { key: 'events', operation: 'createDataEvent' },
  { key: 'ticket_types', operation: 'createTicketType' },
  { key: 'ticket_type_attributes', operation: 'createTicketTypeAttribute', path: ['ticket_type_id'] },
  // createConversation answers the contact's first message; a ref names its conversation.
  { key: 'conversations', operation: 'createConversation', refId: (answer) => answer.conversation_id },
  { key: 'messages', operation: 'createMessage', refId: (answer) => answer.conversation_id ?? answer.id },
  { key: 'conversation_replies', operation: 'replyConversation', path: ['conversation_id'] },
  { key: 'conversation_actions', operation: 'manageConversation', path: ['conversation_id'] },
  { key: 'tickets', operation: 'createTicket' },
  { key: 'collections', operation: 'createCollection' },
  { key: 'articles', operation: 'createArticle' },
  { key: 'news_items', operation: 'createNewsItem' },
];

/** Keys a document may carry besides its sections. */
const DOCUMENT_KEYS = new Set(['description']);
const REF_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** Client-chosen identifiers, never refs. */
const NOT_REFS = new Set(['external_id', 'company_id']);

const validators = new Map<string, ReturnType<typeof compileRequestValidator>>();

function validatorFor(id: OperationId) {
  let validate = validators.get(id);
  if (!validate) {
    const body = operations[id].body;
    validate = compileRequestValidator({ schema: body ? body.schema : { type: 'object' }, httpPart: 'body' });
    validators.set(id, validate);
  }
  return validate;
}

const fail = (where: string, message: string) => new ApiError('parameter_invalid', `${where}: ${message}`, where);

class Refs {
  private named = new Map<string, string>();
  private builtIn: Map<string, string> | undefined;

  constructor(private ctx: Ctx) {}

  define(name: string, id: string) {
    this.named.set(name, id);
  }

  has(name: string) {
    return this.named.has(name);
  }

  all(): Record<string, string> {
    return Object.fromEntries(this.named);
  }

  async resolve(name: string): Promise<string | undefined> {
    const own = this.named.get(name);
    if (own !== undefined) return own;
    this.builtIn ??= await this.seeded();
    return this.builtIn.get(name);
  }

  /** The seeded objects' refs, read through the list operations' own handlers. */
  private async seeded(): Promise<Map<string, string>> {
    const refs = new Map<string, string>([['owner', String(this.ctx.adminId)]]);
    const input = { params: {}, query: {}, body: undefined } as never;
    const admins = (await handlers.listAdmins!(this.ctx, input)) as { admins?: { id: string; email: string }[] };
    for (const a of admins.admins ?? []) refs.set(`admin:${a.email}`, String(a.id));
    const teams = (await handlers.listTeams!(this.ctx, input)) as { teams?: { id: string; name: string }[] };
    for (const t of teams.teams ?? []) refs.set(`team:${t.name}`, String(t.id));
    const types = (await handlers.listSubscriptionTypes!(this.ctx, input)) as { data?: { id: string; default_translation?: { name: string } }[] };
    for (const t of types.data ?? []) if (t.default_translation) refs.set(`subscription_type:${t.default_translation.name}`, String(t.id));
    return refs;
  }
}

const isRefKey = (key: string) => (key === 'id' || key.endsWith('_id')) && !NOT_REFS.has(key);

/** A copy of `value` with every `"@name"` in an id field replaced by the id it names. */
/**
 * Replaces each "@ref" with the id it names. Ids are strings; where a ref stood, its JSON pointer is
 * added to `fromRefs` so that a field the schema types as an integer (`author_id`, `sender_id`) can
 * take the number instead (see `numberRefs`).
 */
async function resolveRefs(value: unknown, where: string, refs: Refs, refKey = false, pointer = '', fromRefs?: Set<string>): Promise<unknown> {
  if (typeof value === 'string') {
    if (!refKey || !value.startsWith('@')) return value;
    const id = await refs.resolve(value.slice(1));
    if (id === undefined) throw fail(where, `unknown ref ${value} (define it with "ref" on an earlier entry, or use a built-in: @owner, @admin:<email>, @team:<name>, @subscription_type:<name>)`);
    fromRefs?.add(pointer);
    return id;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => resolveRefs(v, `${where}[${i}]`, refs, refKey, `${pointer}/${i}`, fromRefs)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveRefs(v, `${where}.${k}`, refs, isRefKey(k), `${pointer}/${k}`, fromRefs);
    return out;
  }
  return value;
}

/** Turns numeric ids that refs put where the schema wants an integer into numbers, until the body validates or no such error is left. */
function numberRefs(body: Record<string, unknown>, fromRefs: ReadonlySet<string>, validate: ReturnType<typeof compileRequestValidator>): void {
  for (let round = 0; round < 50 && !validate(body); round++) {
    const wrong = (validate.errors ?? []).find((e) => e.keyword === 'type' && String(e.params.type).includes('integer') && fromRefs.has(e.instancePath));
    if (!wrong) return;
    const keys = wrong.instancePath.split('/').slice(1);
    const last = keys.pop()!;
    let holder: any = body;
    for (const key of keys) holder = holder[key];
    if (typeof holder[last] !== 'string' || !/^\d+$/.test(holder[last])) return;
    holder[last] = Number(holder[last]);
  }
}

function schemaError(where: string, errors: { instancePath: string; keyword: string; message?: string; params: Record<string, any> }[] | null | undefined): ApiError {
  const issue = errors?.[0];
  if (!issue) return fail(where, 'is invalid');
  const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
  if (issue.keyword === 'required') return fail(`${where}${path}.${issue.params.missingProperty}`, 'is required');
  if (issue.keyword === 'enum') return fail(`${where}${path}`, `must be one of ${issue.params.allowedValues.join(', ')}`);
  return fail(`${where}${path}`, issue.message ?? 'is invalid');
}

export interface LoadedFixture {
  type: 'fixture';
  created: Record<string, number>;
  refs: Record<string, string>;
}

/** Loads `document` into the caller's workspace through `ctx` (one transaction: the caller's). */
export async function loadFixture(ctx: Ctx, document: unknown): Promise<LoadedFixture> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ApiError('bad_request', 'A fixture is a JSON (or YAML) object of sections: ' + FIXTURE_SECTIONS.map((s) => s.key).join(', '));
  }
  assertCleanStrings('body', document);
  const doc = document as Record<string, unknown>;
  const known = new Set(FIXTURE_SECTIONS.map((s) => s.key));
  for (const key of Object.keys(doc)) {
    if (!known.has(key) && !DOCUMENT_KEYS.has(key)) throw fail(key, `unknown section (expected ${[...known].join(', ')})`);
  }
  // Seeds describe a state: no event, so no webhook, for what a fixture creates.
  const quiet: Ctx = { ...ctx, emit: async () => undefined };
  const refs = new Refs(quiet);
  const created: Record<string, number> = {};
  for (const section of FIXTURE_SECTIONS) {
    const entries = doc[section.key];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) throw fail(section.key, 'expected a list of entries');
    for (const [i, raw] of entries.entries()) {
      const where = `${section.key}[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail(where, 'expected an object');
      const { ref, ...rest } = raw as Record<string, unknown>;
      if (ref !== undefined && (typeof ref !== 'string' || !REF_NAME.test(ref))) throw fail(`${where}.ref`, 'a ref is 1 to 100 letters, digits, _ . or -');
      if (typeof ref === 'string' && refs.has(ref)) throw fail(`${where}.ref`, `ref ${ref} is already defined`);
      const fromRefs = new Set<string>();
      const resolved = (await resolveRefs(rest, where, refs, false, '', fromRefs)) as Record<string, unknown>;
      if (section.operation) numberRefs(resolved, fromRefs, validatorFor(section.operation));
      const params: Record<string, string> = {};
      for (const name of section.path ?? []) {
        const value = (raw as Record<string, unknown>)[name];
        if (typeof value !== 'string' || value === '') throw fail(`${where}.${name}`, 'is required (an id, or "@ref")');
        params[name] = (await resolveRefs(value, `${where}.${name}`, refs, true)) as string;
        delete resolved[name];
      }
      const answer = (await run(quiet, section, where, params, resolved)) as Record<string, unknown> | undefined;
      if (typeof ref === 'string') {
        const id = answer === undefined ? undefined : section.refId ? section.refId(answer) : answer.id;
        if (id === undefined || id === null) throw fail(`${where}.ref`, 'this entry creates nothing with an id to refer to');
        refs.define(ref, String(id));
      }
      created[section.key] = (created[section.key] ?? 0) + 1;
    }
  }
  return { type: 'fixture', created, refs: refs.all() };
}

async function run(ctx: Ctx, section: FixtureSection, where: string, params: Record<string, string>, body: Record<string, unknown>): Promise<unknown> {
  let call: () => Promise<unknown>;
  if (section.admin) {
    const handler = section.admin;
    call = () => handler(ctx, { params, query: {}, body });
  } else {
    const id = section.operation!;
    const validate = validatorFor(id);
    if (!validate(body)) throw schemaError(where, validate.errors as never);
    const handler = handlers[id] as ((c: Ctx, input: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw fail(where, `${id} is not implemented by this server yet`);
    call = () => handler(ctx, { params, query: {}, body });
  }
  try {
    const answer = await call();
    return answer instanceof Reply ? answer.body : answer;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw fail(error.field ? `${where}.${error.field}` : where, `${error.message} (${error.code})`);
  }
}
