/**
 * What the auth/isolation battery needs to exercise an operation for real:
 * - `pathParamFixtures`: for each path parameter name, a function that makes a real object in a
 *   workspace and returns its id (so another workspace can be shown that id and must answer 404);
 * - `sampleBodies`: a valid request body for operations that take one, so a 404 is about the id and
 *   not about a missing field.
 * Every implemented operation with a path parameter needs a fixture here; the battery fails otherwise.
 */
import type { TestWorkspace } from './harness.js';

export type Fixture = (ws: TestWorkspace) => Promise<string>;

let counter = 0;
/** A name no other fixture in this process has used. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export const pathParamFixtures: Record<string, Fixture> = {
  admin_id: async (ws) => String(ws.ownerAdminId),
  team_id: async (ws) => (await ws.call('GET', '/teams')).body.teams[0].id,
  tag_id: async (ws) => (await ws.call('POST', '/tags', { body: { name: unique('fixture') } })).body.id,
  contact_id: async (ws) => (await ws.call('POST', '/contacts', { body: { email: `${unique('fixture')}@example.com` } })).body.id,
  note_id: async (ws) => {
    const contact = await pathParamFixtures.contact_id(ws);
    return (await ws.call('POST', `/contacts/${contact}/notes`, { body: { body: 'fixture note' } })).body.id;
  },
  subscription_id: async (ws) => (await ws.call('GET', '/subscription_types')).body.data[0].id,
  segment_id: async (ws) => (await ws.call('GET', '/segments')).body.segments[0].id,
  data_attribute_id: async (ws) =>
    String((await ws.call('POST', '/data_attributes', { body: { name: unique('fixture'), model: 'contact', data_type: 'string' } })).body.id),
};

export const sampleBodies: Record<string, (ws: TestWorkspace) => unknown> = {
  setAwayAdmin: () => ({ away_mode_enabled: true, away_mode_reassign: false }),
  createTag: () => ({ name: unique('sample') }),
  CreateContact: () => ({ email: `${unique('sample')}@example.com` }),
  UpdateContact: () => ({ name: 'Sample Name' }),
  createNote: () => ({ body: 'sample note' }),
  createDataAttribute: () => ({ name: unique('sample'), model: 'contact', data_type: 'string' }),
  updateDataAttribute: () => ({ description: 'sample' }),
  SearchContacts: () => ({ query: { field: 'email', operator: '=', value: 'nobody@example.com' } }),
  attachTagToContact: async (ws) => ({ id: await pathParamFixtures.tag_id(ws) }),
  attachSubscriptionTypeToContact: async (ws) => {
    const type = (await ws.call('GET', '/subscription_types')).body.data[0];
    return { id: type.id, consent_type: type.consent_type };
  },
};
