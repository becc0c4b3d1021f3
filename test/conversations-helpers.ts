/** Shared steps of the conversation tests. */
import assert from 'node:assert/strict';
import type { TestWorkspace } from './harness.js';

let counter = 0;

/** A new contact of the workspace (a user with a fresh email unless `fields` say otherwise). */
export async function contactIn(ws: TestWorkspace, fields: Record<string, unknown> = {}): Promise<any> {
  const res = await ws.call('POST', '/contacts', { body: { email: `person${++counter}@example.com`, ...fields } });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

/** A contact-started conversation; answers the contact and the conversation id. */
export async function startConversation(ws: TestWorkspace, fields: Record<string, unknown> = {}, body = 'I need support'): Promise<{ contact: any; conversationId: string }> {
  const contact = await contactIn(ws, fields);
  const res = await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: contact.id }, body } });
  assert.equal(res.status, 200, res.raw);
  return { contact, conversationId: res.body.conversation_id };
}

/** The [topic, item] of each event recorded while `work` runs. */
export async function eventsDuring(ws: TestWorkspace, work: () => Promise<unknown>): Promise<[string, any][]> {
  const before = (await ws.events()).length;
  await work();
  return (await ws.events()).slice(before).map((e) => [e.topic, e.item] as [string, any]);
}
