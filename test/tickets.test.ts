import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

async function typeIds(ws: TestWorkspace): Promise<{ customer: string; backOffice: string }> {
  const types = (await ws.call('GET', '/ticket_types')).body.ticket_types;
  return { customer: types.find((t: any) => t.category === 'Customer').id, backOffice: types.find((t: any) => t.category === 'Back-office').id };
}

let emails = 0;
async function contact(ws: TestWorkspace, extra: Record<string, unknown> = {}): Promise<string> {
  return (await ws.call('POST', '/contacts', { body: { email: `ticket-${++emails}@example.com`, ...extra } })).body.id;
}

async function ticket(ws: TestWorkspace, body: Record<string, unknown> = {}) {
  const { customer } = await typeIds(ws);
  const contactId = await contact(ws);
  const res = await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts: [{ id: contactId }], ticket_attributes: { _default_title_: 'Printer on fire', _default_description_: 'Smoke everywhere' }, ...body } });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

async function eventsDuring(ws: TestWorkspace, work: () => Promise<unknown>) {
  const before = (await ws.events()).length;
  await work();
  return (await ws.events()).slice(before).map((e) => [e.topic, e.item] as [string, any]);
}

const update = (ws: TestWorkspace, id: string, body: Record<string, unknown>) => ws.call('PUT', `/tickets/${id}`, { body });
const reply = (ws: TestWorkspace, id: string, body: Record<string, unknown>) => ws.call('POST', `/tickets/${id}/reply`, { body });
const search = (ws: TestWorkspace, query: unknown, extra: Record<string, unknown> = {}) => ws.call('POST', '/tickets/search', { body: { query, ...extra } });

test('createTicket: submitted, numbered, with its type, contact and a submission part; ticket.created carries the ticket', async () => {
  const ws = await api.newWorkspace();
  const { customer } = await typeIds(ws);
  const contactId = await contact(ws, { external_id: 'ext-1' });
  let created: any;
  const events = await eventsDuring(ws, async () => {
    const res = await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts: [{ id: contactId }], ticket_attributes: { _default_title_: 'Broken', _default_description_: 'It broke' } } });
    assert.equal(res.status, 200, res.raw);
    created = res.body;
  });
  assert.equal(created.type, 'ticket');
  assert.match(created.id, /^\d+$/);
  assert.equal(created.ticket_id, '1');
  assert.equal(created.ticket_state, 'submitted');
  assert.equal(created.ticket_state_internal_label, 'Submitted');
  assert.equal(created.category, 'Customer');
  assert.equal(created.is_shared, true);
  assert.equal(created.open, true);
  assert.equal(created.admin_assignee_id, '0');
  assert.equal(created.team_assignee_id, '0');
  assert.equal(created.ticket_type.id, customer);
  assert.deepEqual(created.ticket_attributes, { _default_title_: 'Broken', _default_description_: 'It broke' });
  assert.deepEqual(created.contacts, { type: 'contact.list', contacts: [{ type: 'contact', id: contactId, external_id: 'ext-1' }] });
  assert.equal(created.created_at, ws.clock.now());
  assert.equal(created.ticket_parts.total_count, 1);
  const [part] = created.ticket_parts.ticket_parts;
  assert.deepEqual([part.part_type, part.previous_ticket_state, part.ticket_state, part.author.type, part.author.id], ['ticket_state_updated_by_admin', 'submitted', 'submitted', 'admin', String(ws.ownerAdminId)]);
  assert.deepEqual(events.map(([topic]) => topic), ['ticket.created']);
  assert.deepEqual(events[0][1], created);
  assert.deepEqual((await ws.call('GET', `/tickets/${created.id}`)).body, created);

  const second = await ticket(ws);
  assert.equal(second.ticket_id, '2', 'inbox numbers count up per workspace');
  const other = await api.newWorkspace();
  assert.equal((await ticket(other)).ticket_id, '1');
});

test('createTicket: tickets share the conversations id space; GET /conversations/{id} shows the ticket', async () => {
  const ws = await api.newWorkspace();
  const contactId = await contact(ws);
  const message = (await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: contactId }, body: 'Hello' } })).body;
  const t = await ticket(ws);
  assert.ok(Number(t.id) > Number(message.conversation_id));
  const asConversation = await ws.call('GET', `/conversations/${t.id}`);
  assert.equal(asConversation.status, 200, asConversation.raw);
  assert.equal(asConversation.body.ticket.id, t.id);
  assert.equal(asConversation.body.title, 'Printer on fire');
  assert.equal((await ws.call('GET', `/tickets/${message.conversation_id}`)).status, 404, 'a plain conversation is not a ticket');
});

test('createTicket: the contact by external_id or email; an unknown email makes a lead; exactly one contact', async () => {
  const ws = await api.newWorkspace();
  const { customer } = await typeIds(ws);
  const byExternal = await contact(ws, { external_id: 'ext-9' });
  const res = await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts: [{ external_id: 'ext-9' }] } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.contacts.contacts[0].id, byExternal);

  let ticketBody: any;
  const events = await eventsDuring(ws, async () => {
    const made = await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts: [{ email: 'new-person@example.com' }] } });
    assert.equal(made.status, 200, made.raw);
    ticketBody = made.body;
  });
  assert.deepEqual(events.map(([t]) => t), ['contact.lead.created', 'ticket.created']);
  assert.equal(events[0][1].email, 'new-person@example.com');
  assert.equal(ticketBody.contacts.contacts[0].id, events[0][1].id);

  for (const contacts of [[], [{ id: byExternal }, { email: 'x@example.com' }]]) {
    const bad = await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts } });
    assert.equal(bad.status, 400, bad.raw);
  }
  const missing = await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts: [{ id: '5f0c5a7e1c9d440000000000' }] } });
  assert.equal(missing.status, 404);
  assert.equal(firstError(missing).message, 'User Not Found');
  assert.equal((await ws.call('POST', '/tickets', { body: { ticket_type_id: '999999999', contacts: [{ id: byExternal }] } })).status, 404);
  assert.equal((await ws.call('POST', '/tickets', { body: { ticket_type_id: customer, contacts: [{ id: byExternal }], company_id: '5f0c5a7e1c9d440000000000' } })).status, 404);
});

test('createTicket: attributes are checked against the type: names, value types, list item ids, required ones; archived types refuse', async () => {
  const ws = await api.newWorkspace();
  const type = (await ws.call('POST', '/ticket_types', { body: { name: 'Bug' } })).body;
  const attr = (name: string, body: Record<string, unknown>) => ws.call('POST', `/ticket_types/${type.id}/attributes`, { body: { name, description: '', ...body } });
  const priority = (await attr('Priority', { data_type: 'list', list_items: 'Low,High' })).body;
  await attr('Count', { data_type: 'integer' });
  await attr('Ratio', { data_type: 'decimal' });
  await attr('Urgent', { data_type: 'boolean' });
  await attr('Due', { data_type: 'datetime' });
  await attr('Screenshot', { data_type: 'files' });
  const contactId = await contact(ws);
  const make = (ticket_attributes: Record<string, unknown>) => ws.call('POST', '/tickets', { body: { ticket_type_id: type.id, contacts: [{ id: contactId }], ticket_attributes } });

  const high = priority.input_options.list_options[1].id;
  const ok = await make({ _default_title_: 'T', Priority: high, Count: 3, Ratio: 0.5, Urgent: true, Due: 1700000000 });
  assert.equal(ok.status, 200, ok.raw);
  assert.deepEqual(ok.body.ticket_attributes, { _default_title_: 'T', Priority: high, Count: 3, Ratio: 0.5, Urgent: true, Due: 1700000000 });

  for (const bad of [{ Nope: 'x' }, { Priority: 'High' }, { Count: 1.5 }, { Count: '3' }, { Urgent: 'yes' }, { Due: -1 }, { _default_title_: 42 }, { Screenshot: [] }]) {
    const res = await make(bad);
    assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${res.raw}`);
    firstError(res);
  }
  await ws.call('PUT', `/ticket_types/${type.id}/attributes/${priority.id}`, { body: { required_to_create: true } });
  const required = await make({ _default_title_: 'T' });
  assert.equal(required.status, 400, required.raw);
  assert.equal(firstError(required).code, 'parameter_not_found');
  await ws.call('PUT', `/ticket_types/${type.id}`, { body: { archived: true } });
  assert.equal((await make({ Priority: high })).status, 400);
  const found = await search(ws, { field: 'ticket_type_id', operator: '=', value: type.id });
  assert.equal(found.body.total_count, 1, 'only the valid ticket was made');
});

test('updateTicket: states are a state machine with parts and ticket.state.updated; resolved closes, reopening follows', async () => {
  const ws = await api.newWorkspace();
  const t = await ticket(ws);
  ws.clock.advance(60);
  let res: any;
  const events = await eventsDuring(ws, async () => {
    res = await update(ws, t.id, { state: 'in_progress' });
  });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.ticket_state, 'in_progress');
  assert.equal(res.body.ticket_state_external_label, 'In progress');
  assert.equal(res.body.updated_at, ws.clock.now());
  const last = res.body.ticket_parts.ticket_parts.at(-1);
  assert.deepEqual([last.part_type, last.previous_ticket_state, last.ticket_state], ['ticket_state_updated_by_admin', 'submitted', 'in_progress']);
  assert.deepEqual(events.map(([topic]) => topic), ['ticket.state.updated']);
  assert.deepEqual(events[0][1], res.body);

  const same = await eventsDuring(ws, () => update(ws, t.id, { state: 'in_progress' }));
  assert.deepEqual(same, [], 'the same state again changes nothing');

  const resolved = await update(ws, t.id, { state: 'resolved' });
  assert.equal(resolved.body.open, false, 'a resolved ticket is closed');
  const back = await update(ws, t.id, { state: 'waiting_on_customer' });
  assert.equal(back.body.open, true);
  assert.equal(back.body.ticket_state, 'waiting_on_customer');

  await update(ws, t.id, { state: 'resolved' });
  const assignedEvents = await eventsDuring(ws, async () => {
    res = await update(ws, t.id, { assignment: { admin_id: String(ws.ownerAdminId), assignee_id: String(ws.ownerAdminId) } });
  });
  assert.deepEqual([res.body.open, res.body.ticket_state], [true, 'in_progress'], 'reopening a resolved ticket puts it back in progress');
  assert.deepEqual(assignedEvents.map(([topic]) => topic), ['ticket.admin.assigned', 'ticket.state.updated']);

  const submitted = await update(ws, t.id, { state: 'submitted' });
  assert.equal(submitted.status, 400, 'a ticket cannot go back to submitted');
  assert.equal((await update(ws, '999999999', { state: 'resolved' })).status, 404);
  assert.equal(firstError(await update(ws, '999999999', { state: 'resolved' })).code, 'ticket_not_found');
});

test('updateTicket: assignment to an admin or a team, "0" unassigns; unknown assignee or admin → 404 assignee_not_found', async () => {
  const ws = await api.newWorkspace();
  const t = await ticket(ws);
  const admins = (await ws.call('GET', '/admins')).body.admins;
  const team = (await ws.call('GET', '/teams')).body.teams[0];
  let res: any;
  const events = await eventsDuring(ws, async () => {
    res = await update(ws, t.id, { assignment: { admin_id: String(ws.ownerAdminId), assignee_id: admins[1].id } });
  });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.admin_assignee_id, admins[1].id);
  const part = res.body.ticket_parts.ticket_parts.at(-1);
  assert.equal(part.part_type, 'assignment');
  assert.deepEqual(part.assigned_to, { type: 'admin', id: admins[1].id });
  assert.deepEqual(events.map(([topic]) => topic), ['ticket.admin.assigned']);

  const toTeam = await eventsDuring(ws, async () => {
    res = await update(ws, t.id, { assignment: { admin_id: String(ws.ownerAdminId), assignee_id: team.id } });
  });
  assert.equal(res.body.team_assignee_id, team.id);
  assert.deepEqual(toTeam.map(([topic]) => topic), ['ticket.team.assigned']);

  res = await update(ws, t.id, { assignment: { admin_id: String(ws.ownerAdminId), assignee_id: '0' } });
  assert.equal(res.body.admin_assignee_id, '0');

  for (const assignment of [{ admin_id: String(ws.ownerAdminId), assignee_id: '456' }, { admin_id: '123', assignee_id: admins[1].id }]) {
    const bad = await update(ws, t.id, { assignment });
    assert.equal(bad.status, 404, bad.raw);
    assert.deepEqual(firstError(bad), { code: 'assignee_not_found', message: 'Assignee not found' });
  }
});

test('updateTicket: attributes merge (null clears) with ticket.attribute.updated; open false closes and unsnoozes; snooze wakes up', async () => {
  const ws = await api.newWorkspace();
  const t = await ticket(ws);
  let res: any;
  const events = await eventsDuring(ws, async () => {
    res = await update(ws, t.id, { ticket_attributes: { _default_title_: 'Printer fixed', _default_description_: null } });
  });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body.ticket_attributes, { _default_title_: 'Printer fixed' });
  assert.deepEqual(events.map(([topic]) => topic), ['ticket.attribute.updated']);
  assert.equal((await ws.call('GET', `/conversations/${t.id}`)).body.title, 'Printer fixed');
  assert.equal((await update(ws, t.id, { ticket_attributes: { Unknown: 1 } })).status, 400);

  const until = ws.clock.now() + 3600;
  const snoozed = await update(ws, t.id, { snoozed_until: until });
  assert.equal(snoozed.status, 200, snoozed.raw);
  assert.equal(snoozed.body.snoozed_until, until);
  assert.equal(snoozed.body.open, true);
  assert.equal((await update(ws, t.id, { snoozed_until: ws.clock.now() - 10 })).status, 400);
  ws.clock.advance(3601);
  await ws.runJobs();
  const woke = (await ws.call('GET', `/tickets/${t.id}`)).body;
  assert.equal(woke.snoozed_until, undefined);
  assert.equal(woke.open, true);

  await update(ws, t.id, { snoozed_until: ws.clock.now() + 100 });
  const closed = await update(ws, t.id, { open: false });
  assert.equal(closed.body.open, false);
  assert.equal(closed.body.snoozed_until, undefined, 'closing unsnoozes');
  assert.equal(closed.body.ticket_parts.ticket_parts.at(-1).part_type, 'close');
  const reopened = await update(ws, t.id, { open: true });
  assert.equal(reopened.body.open, true);
  assert.equal((await update(ws, t.id, { is_shared: false })).body.is_shared, false);
});

test('replyTicket: admin comment, note and quick reply, contact comment; each answers the part and records its topic', async () => {
  const ws = await api.newWorkspace();
  const t = await ticket(ws);
  const contactId = t.contacts.contacts[0].id;
  const admin = String(ws.ownerAdminId);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ message_type: 'comment', type: 'admin', admin_id: admin, body: 'On it' }, 'comment', 'ticket.admin.replied'],
    [{ message_type: 'note', type: 'admin', admin_id: admin, body: '<p>Internal</p>' }, 'note', 'ticket.note.created'],
    [
      { message_type: 'quick_reply', type: 'admin', admin_id: admin, reply_options: [{ text: 'Yes', uuid: '22d6d1f4-1a19-41d0-94c2-e54031f78aca' }] },
      'quick_reply',
      'ticket.admin.replied',
    ],
    [{ message_type: 'comment', type: 'user', intercom_user_id: contactId, body: 'Thanks again :)' }, 'comment', 'ticket.contact.replied'],
  ];
  for (const [body, partType, topic] of cases) {
    let res: any;
    const events = await eventsDuring(ws, async () => {
      res = await reply(ws, t.id, body);
    });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.type, 'ticket_part');
    assert.equal(res.body.part_type, partType);
    assert.equal(res.body.author.type, body.type === 'admin' ? 'admin' : 'user');
    assert.deepEqual(events.map(([t]) => t), [topic]);
    assert.equal(events[0][1].ticket_parts.ticket_parts.at(-1).id, res.body.id);
  }
  const plain = await reply(ws, t.id, { message_type: 'comment', type: 'admin', admin_id: admin, body: 'Hello' });
  assert.equal(plain.body.body, '<p>Hello</p>');
  const email = (await ws.call('GET', `/contacts/${contactId}`)).body.email;
  assert.equal((await reply(ws, t.id, { message_type: 'comment', type: 'user', email, body: 'By email' })).status, 200);

  const bad: [Record<string, unknown>, number][] = [
    [{ message_type: 'comment', type: 'admin', admin_id: admin, body: '  ' }, 400],
    [{ message_type: 'quick_reply', type: 'admin', admin_id: admin }, 400],
    [{ message_type: 'comment', type: 'admin', admin_id: '123', body: 'x' }, 404],
    [{ message_type: 'comment', type: 'admin', admin_id: admin, body: 'x', cross_post: true }, 400],
    [{ message_type: 'comment', type: 'user', intercom_user_id: '5f0c5a7e1c9d440000000000', body: 'x' }, 404],
  ];
  for (const [body, status] of bad) {
    const res = await reply(ws, t.id, body);
    assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.raw}`);
  }
  const missing = await reply(ws, '999999999', { message_type: 'comment', type: 'admin', admin_id: admin, body: 'x' });
  assert.deepEqual(firstError(missing), { code: 'not_found', message: 'Resource Not Found' });
});

test('replyTicket: a contact may not reply on a Back-office ticket; a customer answering a waiting ticket puts it in progress', async () => {
  const ws = await api.newWorkspace();
  const { backOffice } = await typeIds(ws);
  const back = await ticket(ws, { ticket_type_id: backOffice });
  assert.equal(back.is_shared, false);
  assert.equal(back.category, 'Back-office');
  const contactId = back.contacts.contacts[0].id;
  const refused = await reply(ws, back.id, { message_type: 'comment', type: 'user', intercom_user_id: contactId, body: 'Hi' });
  assert.equal(refused.status, 400);
  assert.deepEqual(firstError(refused), { code: 'parameter_mismatch', message: 'User replies are not allowed on Backoffice tickets' });
  const crossPost = await reply(ws, back.id, { message_type: 'note', type: 'admin', admin_id: String(ws.ownerAdminId), body: 'Linked', cross_post: true });
  assert.equal(crossPost.status, 200, crossPost.raw);
  assert.equal((await update(ws, back.id, { is_shared: true })).status, 400);

  const t = await ticket(ws);
  await update(ws, t.id, { state: 'waiting_on_customer' });
  const events = await eventsDuring(ws, () => reply(ws, t.id, { message_type: 'comment', type: 'user', intercom_user_id: t.contacts.contacts[0].id, body: 'Here you go' }));
  assert.deepEqual(events.map(([topic]) => topic), ['ticket.contact.replied', 'ticket.state.updated']);
  const shown = (await ws.call('GET', `/tickets/${t.id}`)).body;
  assert.equal(shown.ticket_state, 'in_progress');
  const lastPart = shown.ticket_parts.ticket_parts.at(-1);
  assert.deepEqual([lastPart.author.type, lastPart.previous_ticket_state, lastPart.ticket_state], ['bot', 'waiting_on_customer', 'in_progress']);
});

test('searchTickets: the ticket fields, ticket attributes by id, pagination; only tickets match', async () => {
  const ws = await api.newWorkspace();
  const { customer, backOffice } = await typeIds(ws);
  const contactId = await contact(ws);
  await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: contactId }, body: 'Not a ticket' } });
  const a = await ticket(ws, { ticket_attributes: { _default_title_: 'Login broken', _default_description_: 'Cannot sign in' } });
  ws.clock.advance(100);
  const b = await ticket(ws, { ticket_type_id: backOffice, ticket_attributes: { _default_title_: 'Refund order', _default_description_: 'Order 42' } });
  ws.clock.advance(100);
  const c = await ticket(ws, { contacts: [{ id: contactId }], ticket_attributes: { _default_title_: 'Login slow' } });
  await update(ws, c.id, { state: 'resolved', assignment: { admin_id: String(ws.ownerAdminId), assignee_id: String(ws.ownerAdminId) } });

  const ids = async (query: unknown) => {
    const res = await search(ws, query);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.type, 'ticket.list');
    return res.body.tickets.map((t: any) => t.id);
  };
  assert.deepEqual(await ids({ field: 'created_at', operator: '>', value: 0 }), [c.id, b.id, a.id], 'newest first; plain conversations never match');
  assert.deepEqual(await ids({ field: 'title', operator: '~', value: 'login' }), [c.id, a.id]);
  assert.deepEqual(await ids({ field: 'description', operator: '=', value: 'Order 42' }), [b.id]);
  assert.deepEqual(await ids({ field: 'category', operator: '=', value: 'Back-office' }), [b.id]);
  assert.deepEqual(await ids({ field: 'ticket_type_id', operator: '=', value: customer }), [c.id, a.id]);
  assert.deepEqual(await ids({ field: 'state', operator: '=', value: 'resolved' }), [c.id]);
  assert.deepEqual(await ids({ field: 'open', operator: '=', value: false }), [c.id]);
  assert.deepEqual(await ids({ field: 'contact_ids', operator: '=', value: contactId }), [c.id]);
  assert.deepEqual(await ids({ field: 'admin_assignee_id', operator: '=', value: '0' }), [b.id, a.id]);
  assert.deepEqual(await ids({ field: 'admin_assignee_id', operator: '=', value: String(ws.ownerAdminId) }), [c.id]);
  assert.deepEqual(await ids({ field: 'teammate_ids', operator: '=', value: String(ws.ownerAdminId) }), [c.id, b.id, a.id]);
  assert.deepEqual(await ids({ field: 'created_at', operator: '>=', value: b.created_at }), [c.id, b.id]);
  assert.deepEqual(await ids({ field: 'created_at', operator: '<=', value: b.created_at }), [b.id, a.id]);
  assert.deepEqual(await ids({ operator: 'AND', value: [{ field: 'state', operator: '=', value: 'submitted' }, { field: 'category', operator: '=', value: 'Customer' }] }), [a.id]);

  const type = (await ws.call('POST', '/ticket_types', { body: { name: 'Bug' } })).body;
  const severity = (await ws.call('POST', `/ticket_types/${type.id}/attributes`, { body: { name: 'Severity', description: '', data_type: 'integer' } })).body;
  const bug = await ticket(ws, { ticket_type_id: type.id, ticket_attributes: { Severity: 3 } });
  assert.deepEqual(await ids({ field: `ticket_attribute.${severity.id}`, operator: '>', value: 2 }), [bug.id]);
  assert.deepEqual(await ids({ field: `ticket_attribute.${severity.id}`, operator: '<', value: 2 }), []);

  const page = await search(ws, { field: 'created_at', operator: '>', value: 0 }, { pagination: { per_page: 2 } });
  assert.equal(page.body.total_count, 4);
  assert.equal(page.body.tickets.length, 2);
  assert.equal(page.body.tickets[0].ticket_parts, undefined, 'search leaves parts out');
  const next = await search(ws, { field: 'created_at', operator: '>', value: 0 }, { pagination: { per_page: 2, starting_after: page.body.pages.next.starting_after } });
  assert.deepEqual(next.body.tickets.map((t: any) => t.id), [b.id, a.id]);

  for (const query of [{ field: 'nope', operator: '=', value: 'x' }, { field: 'open', operator: '~', value: 'x' }, { field: 'ticket_attribute.999999', operator: '=', value: 1 }]) {
    assert.equal((await search(ws, query)).status, 400);
  }
  const other = await api.newWorkspace();
  assert.equal((await search(other, { field: 'created_at', operator: '>', value: 0 })).body.total_count, 0);
});

test('attachTagToTicket and detachTagFromTicket: the tag with who applied it; detaching an absent tag changes nothing', async () => {
  const ws = await api.newWorkspace();
  const t = await ticket(ws);
  const tag = (await ws.call('POST', '/tags', { body: { name: 'urgent' } })).body;
  const admin = String(ws.ownerAdminId);
  const res = await ws.call('POST', `/tickets/${t.id}/tags`, { body: { id: tag.id, admin_id: admin } });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body, { type: 'tag', id: tag.id, name: 'urgent', applied_at: ws.clock.now(), applied_by: { type: 'admin', id: admin } });
  assert.deepEqual((await ws.call('GET', `/conversations/${t.id}`)).body.tags.tags.map((x: any) => x.id), [tag.id]);
  const removed = await ws.call('DELETE', `/tickets/${t.id}/tags/${tag.id}`, { body: { admin_id: admin } });
  assert.equal(removed.status, 200, removed.raw);
  assert.equal(removed.body.id, tag.id);
  assert.deepEqual((await ws.call('GET', `/conversations/${t.id}`)).body.tags.tags, []);
  assert.equal((await ws.call('DELETE', `/tickets/${t.id}/tags/${tag.id}`, { body: { admin_id: admin } })).status, 200);
  const missingTag = await ws.call('DELETE', `/tickets/${t.id}/tags/999999999`, { body: { admin_id: admin } });
  assert.deepEqual(firstError(missingTag), { code: 'tag_not_found', message: 'Tag not found' });
  const missingTicket = await ws.call('POST', '/tickets/999999999/tags', { body: { id: tag.id, admin_id: admin } });
  assert.deepEqual(firstError(missingTicket), { code: 'ticket_not_found', message: 'Ticket not found' });
});

test('convertConversationToTicket: the conversation becomes a Customer ticket with the same id, contacts and parts', async () => {
  const ws = await api.newWorkspace();
  const { customer, backOffice } = await typeIds(ws);
  const contactId = await contact(ws);
  const conversationId = (await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: contactId }, body: 'Help me' } })).body.conversation_id;
  await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: String(ws.ownerAdminId), body: 'Sure' } });

  const refused = await ws.call('POST', `/conversations/${conversationId}/convert`, { body: { ticket_type_id: backOffice } });
  assert.equal(refused.status, 400);
  assert.deepEqual([firstError(refused).code, firstError(refused).message], ['parameter_invalid', 'Ticket type is not a customer ticket type']);

  let res: any;
  const events = await eventsDuring(ws, async () => {
    res = await ws.call('POST', `/conversations/${conversationId}/convert`, { body: { ticket_type_id: customer, attributes: { _default_title_: 'From chat' } } });
  });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.id, conversationId);
  assert.equal(res.body.ticket_state, 'submitted');
  assert.deepEqual(res.body.ticket_attributes, { _default_title_: 'From chat' });
  assert.deepEqual(res.body.contacts.contacts.map((c: any) => c.id), [contactId]);
  assert.deepEqual(res.body.ticket_parts.ticket_parts.map((p: any) => p.part_type), ['comment', 'ticket_state_updated_by_admin']);
  assert.equal(res.body.ticket_parts.ticket_parts[1].author.type, 'bot');
  assert.deepEqual(events.map(([topic]) => topic), ['ticket.created']);
  assert.deepEqual((await ws.call('GET', `/tickets/${conversationId}`)).body, res.body);
  assert.equal((await ws.call('POST', `/conversations/${conversationId}/convert`, { body: { ticket_type_id: customer } })).status, 400, 'already a ticket');
  assert.equal((await ws.call('POST', '/conversations/999999999/convert', { body: { ticket_type_id: customer } })).status, 404);
});

test('concurrent writes: tickets made at once get distinct numbers; attribute updates at once all land', async () => {
  const ws = await api.newWorkspace();
  const made = await Promise.all([1, 2, 3, 4].map(() => ticket(ws)));
  assert.deepEqual(made.map((t) => t.ticket_id).sort(), ['1', '2', '3', '4']);
  const type = (await ws.call('GET', `/tickets/${made[0].id}`)).body.ticket_type;
  const custom = await ws.call('POST', `/ticket_types/${type.id}/attributes`, { body: { name: 'Count', description: '', data_type: 'integer' } });
  assert.equal(custom.status, 200, custom.raw);
  const answers = await Promise.all([
    update(ws, made[0].id, { ticket_attributes: { _default_title_: 'New title' } }),
    update(ws, made[0].id, { ticket_attributes: { Count: 7 } }),
    update(ws, made[0].id, { state: 'in_progress' }),
  ]);
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 200]);
  const shown = (await ws.call('GET', `/tickets/${made[0].id}`)).body;
  assert.equal(shown.ticket_attributes._default_title_, 'New title');
  assert.equal(shown.ticket_attributes.Count, 7);
  assert.equal(shown.ticket_state, 'in_progress');
});

test('a contact added to or removed from a ticket through the conversation endpoints is ticket.contact.attached / detached, with the ticket; on a plain conversation neither', async () => {
  const ws = await api.newWorkspace();
  const created = await ticket(ws);
  const other = await contact(ws);
  const admin = String(ws.ownerAdminId);
  const attached = await eventsDuring(ws, async () => {
    const res = await ws.call('POST', `/conversations/${created.id}/customers`, { body: { admin_id: admin, customer: { intercom_user_id: other } } });
    assert.equal(res.status, 200, res.raw);
  });
  const ticketEvent = attached.find(([topic]) => topic === 'ticket.contact.attached');
  assert.ok(ticketEvent, JSON.stringify(attached.map(([t]) => t)));
  assert.equal(ticketEvent[1].type, 'ticket');
  assert.equal(ticketEvent[1].id, created.id);
  assert.deepEqual(ticketEvent[1].contacts.contacts.map((c: any) => c.id).sort(), [created.contacts.contacts[0].id, other].sort());

  const detached = await eventsDuring(ws, async () => {
    const res = await ws.call('DELETE', `/conversations/${created.id}/customers/${other}`, { body: { admin_id: admin } });
    assert.equal(res.status, 200, res.raw);
  });
  const gone = detached.find(([topic]) => topic === 'ticket.contact.detached');
  assert.ok(gone, JSON.stringify(detached.map(([t]) => t)));
  assert.deepEqual(gone[1].contacts.contacts.map((c: any) => c.id), [created.contacts.contacts[0].id]);

  // A plain conversation's contact changes are no ticket's.
  const first = await contact(ws);
  const conversationId = (await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: first }, body: 'Hi' } })).body.conversation_id;
  const plain = await eventsDuring(ws, () => ws.call('POST', `/conversations/${conversationId}/customers`, { body: { admin_id: admin, customer: { intercom_user_id: other } } }));
  assert.deepEqual(plain.filter(([topic]) => topic.startsWith('ticket.')), []);
});
