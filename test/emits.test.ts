/**
 * The webhook topics each operation declares (`emits` in its resource's index.ts) are the topics it
 * really emits: an undeclared one fails the operation as it runs (core/events.ts), and here every
 * declared topic of every operation is seen emitted by one scenario. The README's topics table is
 * generated from the same declarations, so neither can drift from the code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declaredEmitter } from '../src/core/events.js';
import { runOperation } from '../src/core/operation.js';
import type { OperationId } from '../src/generated/operations.js';
import { emits } from '../src/handlers.js';
import { testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

async function ok(ws: TestWorkspace, method: string, url: string, body?: unknown) {
  const res = await ws.call(method, url, { body });
  assert.equal(res.status, 200, `${method} ${url}: ${res.raw}`);
  return res.body;
}

const contact = (ws: TestWorkspace, body: Record<string, unknown>) => ok(ws, 'POST', '/contacts', body);
const conversation = (ws: TestWorkspace, contactId: string) => ok(ws, 'POST', '/conversations', { from: { type: 'user', id: contactId }, body: 'Hello' });
const customerTicketType = async (ws: TestWorkspace) =>
  (await ok(ws, 'GET', '/ticket_types')).ticket_types.find((t: { category: string }) => t.category === 'Customer').id;
const ticket = async (ws: TestWorkspace) => {
  const [user, type] = [await contact(ws, { email: 'ticket@example.com' }), await customerTicketType(ws)];
  return ok(ws, 'POST', '/tickets', { ticket_type_id: type, contacts: [{ id: user.id }], ticket_attributes: { _default_title_: 'Broken' } });
};
const tag = (ws: TestWorkspace) => ok(ws, 'POST', '/tags', { name: 'Emitted' });

/** For each operation: what it needs first, then calls of that operation alone. */
const scenarios: Record<string, (ws: TestWorkspace) => Promise<() => Promise<unknown>>> = {
  CreateContact: async (ws) => async () => {
    await contact(ws, { email: 'user@example.com' });
    await contact(ws, { role: 'lead', name: 'Lead' });
  },
  UpdateContact: async (ws) => {
    const user = await contact(ws, { email: 'u@example.com' });
    const lead = await contact(ws, { role: 'lead', name: 'L' });
    return async () => {
      await ok(ws, 'PUT', `/contacts/${user.id}`, { email: 'changed@example.com', unsubscribed_from_emails: true });
      await ok(ws, 'PUT', `/contacts/${user.id}`, { unsubscribed_from_emails: false });
      await ok(ws, 'PUT', `/contacts/${lead.id}`, { name: 'L2' });
      await ok(ws, 'PUT', `/contacts/${lead.id}`, { role: 'user', email: 'signed@example.com' });
    };
  },
  DeleteContact: async (ws) => {
    const user = await contact(ws, { email: 'gone@example.com' });
    return () => ok(ws, 'DELETE', `/contacts/${user.id}`);
  },
  MergeContact: async (ws) => {
    const user = await contact(ws, { email: 'into@example.com' });
    const lead = await contact(ws, { role: 'lead', name: 'From' });
    return () => ok(ws, 'POST', '/contacts/merge', { from: lead.id, into: user.id });
  },
  ArchiveContact: async (ws) => {
    const user = await contact(ws, { email: 'archive@example.com' });
    return () => ok(ws, 'POST', `/contacts/${user.id}/archive`);
  },
  UnarchiveContact: async (ws) => {
    const user = await contact(ws, { email: 'unarchive@example.com' });
    await ok(ws, 'POST', `/contacts/${user.id}/archive`);
    return () => ok(ws, 'POST', `/contacts/${user.id}/unarchive`);
  },
  attachTagToContact: async (ws) => {
    const [user, lead, t] = [await contact(ws, { email: 't@example.com' }), await contact(ws, { role: 'lead' }), await tag(ws)];
    return async () => {
      for (const c of [user, lead]) await ok(ws, 'POST', `/contacts/${c.id}/tags`, { id: t.id });
    };
  },
  detachTagFromContact: async (ws) => {
    const [user, lead, t] = [await contact(ws, { email: 't@example.com' }), await contact(ws, { role: 'lead' }), await tag(ws)];
    for (const c of [user, lead]) await ok(ws, 'POST', `/contacts/${c.id}/tags`, { id: t.id });
    return async () => {
      for (const c of [user, lead]) await ok(ws, 'DELETE', `/contacts/${c.id}/tags/${t.id}`);
    };
  },
  createTag: async (ws) => {
    const [user, lead] = [await contact(ws, { email: 't@example.com' }), await contact(ws, { role: 'lead' })];
    return async () => {
      await ok(ws, 'POST', '/tags', { name: 'Bulk', users: [{ id: user.id }, { id: lead.id }] });
      await ok(ws, 'POST', '/tags', { name: 'Bulk', users: [{ id: user.id, untag: true }, { id: lead.id, untag: true }] });
    };
  },
  createOrUpdateCompany: async (ws) => async () => {
    await ok(ws, 'POST', '/companies', { company_id: 'acme', name: 'Acme' });
    await ok(ws, 'POST', '/companies', { company_id: 'acme', name: 'Acme Inc' });
  },
  UpdateCompany: async (ws) => {
    const company = await ok(ws, 'POST', '/companies', { company_id: 'acme' });
    return () => ok(ws, 'PUT', `/companies/${company.id}`, { name: 'Renamed' });
  },
  deleteCompany: async (ws) => {
    const company = await ok(ws, 'POST', '/companies', { company_id: 'acme' });
    return () => ok(ws, 'DELETE', `/companies/${company.id}`);
  },
  attachContactToACompany: async (ws) => {
    const [company, user] = [await ok(ws, 'POST', '/companies', { company_id: 'acme' }), await contact(ws, { email: 'c@example.com' })];
    return () => ok(ws, 'POST', `/contacts/${user.id}/companies`, { id: company.id });
  },
  detachContactFromACompany: async (ws) => {
    const [company, user] = [await ok(ws, 'POST', '/companies', { company_id: 'acme' }), await contact(ws, { email: 'c@example.com' })];
    await ok(ws, 'POST', `/contacts/${user.id}/companies`, { id: company.id });
    return () => ok(ws, 'DELETE', `/contacts/${user.id}/companies/${company.id}`);
  },
  createConversation: async (ws) => {
    const user = await contact(ws, { email: 'talk@example.com' });
    return () => conversation(ws, user.id);
  },
  createMessage: async (ws) => {
    const user = await contact(ws, { email: 'message@example.com' });
    return async () => {
      await ok(ws, 'POST', '/messages', { message_type: 'inapp', body: 'Hi', from: { type: 'admin', id: ws.ownerAdminId }, to: { type: 'user', id: user.id } });
      await ok(ws, 'POST', '/messages', { body: 'Hello', from: { type: 'user', id: user.id } });
    };
  },
  replyConversation: async (ws) => {
    const user = await contact(ws, { email: 'reply@example.com' });
    const id = (await conversation(ws, user.id)).conversation_id;
    return async () => {
      const admin = { type: 'admin', admin_id: String(ws.ownerAdminId), body: 'Answer' };
      await ok(ws, 'POST', `/conversations/${id}/reply`, { ...admin, message_type: 'comment' });
      await ok(ws, 'POST', `/conversations/${id}/reply`, { ...admin, message_type: 'note' });
      await ok(ws, 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: user.id, body: 'Thanks' });
    };
  },
  manageConversation: async (ws) => {
    const user = await contact(ws, { email: 'manage@example.com' });
    const id = (await conversation(ws, user.id)).conversation_id;
    const admin_id = String(ws.ownerAdminId);
    return async () => {
      await ok(ws, 'POST', `/conversations/${id}/parts`, { message_type: 'close', type: 'admin', admin_id });
      await ok(ws, 'POST', `/conversations/${id}/parts`, { message_type: 'open', admin_id });
      await ok(ws, 'POST', `/conversations/${id}/parts`, { message_type: 'snoozed', admin_id, snoozed_until: ws.clock.now() + 3600 });
      await ok(ws, 'POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'admin', admin_id, assignee_id: admin_id });
    };
  },
  autoAssignConversation: async (ws) => {
    const user = await contact(ws, { email: 'auto@example.com' });
    const id = (await conversation(ws, user.id)).conversation_id;
    return () => ok(ws, 'POST', `/conversations/${id}/run_assignment_rules`);
  },
  attachContactToConversation: async (ws) => {
    const user = await contact(ws, { email: 'first@example.com' });
    const id = (await conversation(ws, user.id)).conversation_id;
    const ticketId = (await ticket(ws)).id;
    return async () => {
      await ok(ws, 'POST', `/conversations/${id}/customers`, { admin_id: String(ws.ownerAdminId), customer: { email: 'newcomer@example.com' } });
      await ok(ws, 'POST', `/conversations/${ticketId}/customers`, { admin_id: String(ws.ownerAdminId), customer: { intercom_user_id: user.id } });
    };
  },
  detachContactFromConversation: async (ws) => {
    const user = await contact(ws, { email: 'second@example.com' });
    const created = await ticket(ws);
    await ok(ws, 'POST', `/conversations/${created.id}/customers`, { admin_id: String(ws.ownerAdminId), customer: { intercom_user_id: user.id } });
    return () => ok(ws, 'DELETE', `/conversations/${created.id}/customers/${user.id}`, { admin_id: String(ws.ownerAdminId) });
  },
  attachTagToConversation: async (ws) => {
    const [user, t] = [await contact(ws, { email: 'tagged@example.com' }), await tag(ws)];
    const id = (await conversation(ws, user.id)).conversation_id;
    return () => ok(ws, 'POST', `/conversations/${id}/tags`, { id: t.id, admin_id: String(ws.ownerAdminId) });
  },
  redactConversation: async (ws) => {
    const user = await contact(ws, { email: 'redact@example.com' });
    const id = (await conversation(ws, user.id)).conversation_id;
    const replied = await ok(ws, 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: user.id, body: 'Oops' });
    const part = replied.conversation_parts.conversation_parts.at(-1);
    return () => ok(ws, 'POST', '/conversations/redact', { type: 'conversation_part', conversation_id: id, conversation_part_id: part.id });
  },
  createTicket: async (ws) => {
    const type = await customerTicketType(ws);
    return () => ok(ws, 'POST', '/tickets', { ticket_type_id: type, contacts: [{ email: 'new-lead@example.com' }], ticket_attributes: { _default_title_: 'Broken' } });
  },
  convertConversationToTicket: async (ws) => {
    const [user, type] = [await contact(ws, { email: 'convert@example.com' }), await customerTicketType(ws)];
    const id = (await conversation(ws, user.id)).conversation_id;
    return () => ok(ws, 'POST', `/conversations/${id}/convert`, { ticket_type_id: type });
  },
  updateTicket: async (ws) => {
    const id = (await ticket(ws)).id;
    const team = (await ok(ws, 'GET', '/teams')).teams[0];
    const admin_id = String(ws.ownerAdminId);
    return async () => {
      await ok(ws, 'PUT', `/tickets/${id}`, { state: 'in_progress' });
      await ok(ws, 'PUT', `/tickets/${id}`, { assignment: { admin_id, assignee_id: admin_id } });
      await ok(ws, 'PUT', `/tickets/${id}`, { assignment: { admin_id, assignee_id: team.id } });
      await ok(ws, 'PUT', `/tickets/${id}`, { ticket_attributes: { _default_title_: 'Still broken' } });
    };
  },
  replyTicket: async (ws) => {
    const created = await ticket(ws);
    const id = created.id;
    const contactId = created.contacts.contacts[0].id;
    await ok(ws, 'PUT', `/tickets/${id}`, { state: 'waiting_on_customer' });
    return async () => {
      const admin = { type: 'admin', admin_id: String(ws.ownerAdminId), body: 'Looking' };
      await ok(ws, 'POST', `/tickets/${id}/reply`, { ...admin, message_type: 'comment' });
      await ok(ws, 'POST', `/tickets/${id}/reply`, { ...admin, message_type: 'note' });
      await ok(ws, 'POST', `/tickets/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: contactId, body: 'Here you go' });
    };
  },
  setAwayAdmin: async (ws) => async () => ok(ws, 'PUT', `/admins/${ws.ownerAdminId}/away`, { away_mode_enabled: true, away_mode_reassign: false }),
  createDataEvent: async (ws) => {
    const user = await contact(ws, { email: 'events@example.com' });
    return async () => {
      const res = await ws.call('POST', '/events', { body: { event_name: 'ordered', created_at: 1_700_000_000, id: user.id } });
      assert.equal(res.status, 202, res.raw);
    };
  },
  convertVisitor: async (ws) => {
    const visitor = (body: Record<string, unknown> = {}) => ok(ws, 'POST', '/_admin/visitors', body);
    const [toUser, toLead, intoLead, intoUser] = [await visitor(), await visitor(), await visitor({ name: 'Named' }), await visitor({ email: 'v@example.com' })];
    const lead = await contact(ws, { role: 'lead' });
    const user = await contact(ws, { external_id: 'no-email' });
    const convert = (type: string, user: unknown, visitor: unknown) => ok(ws, 'POST', '/visitors/convert', { type, user, visitor });
    return async () => {
      await convert('user', { user_id: 'new-user' }, { id: toUser.id });
      await convert('lead', { user_id: 'new-lead' }, { id: toLead.id });
      await convert('lead', { id: lead.id }, { id: intoLead.id });
      await convert('user', { id: user.id }, { id: intoUser.id });
      const another = await visitor();
      await convert('user', { id: lead.id }, { id: another.id });
    };
  },
};

test('every operation that declares topics has a scenario here', () => {
  assert.deepEqual(Object.keys(scenarios).sort(), Object.keys(emits).sort(), 'add a scenario for each operation with `emits` (or drop a stale one)');
});

for (const [operation, declared] of Object.entries(emits) as [OperationId, readonly string[]][]) {
  test(`${operation} emits exactly what it declares: ${declared.join(', ')}`, async () => {
    const scenario = scenarios[operation];
    assert.ok(scenario, `no scenario for ${operation}`);
    const ws = await api.newWorkspace();
    const act = await scenario(ws);
    const before = (await ws.events()).length;
    await act();
    const seen = new Set((await ws.events()).slice(before).map((e) => e.topic));
    assert.deepEqual([...seen].sort(), [...declared].sort());
  });
}

test('an operation emitting a topic it does not declare fails, and its write rolls back', async () => {
  const ws = await api.newWorkspace();
  const workspace = { id: ws.id, name: 'x', region: 'US', timezone: 'UTC', createdAt: 0 };
  const deps = { db: api.database.db, clocks: api.clocks, config: api.config };
  await assert.rejects(
    runOperation(deps, { workspace, adminId: ws.ownerAdminId }, { id: 'req', log: api.app.log }, true, async (ctx) => {
      const emit = declaredEmitter(ctx.emit, 'createTag', emits.createTag);
      await emit('contact.user.tag.created', { type: 'contact_tag' });
      await emit('company.created', { type: 'company' });
    }),
    /createTag emitted company.created, which its resource's `emits` does not list for it/,
  );
  assert.deepEqual(await ws.events(), [], 'nothing recorded, not even the declared topic before it');
});
