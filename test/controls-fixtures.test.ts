/**
 * POST /_admin/fixtures and --seed: a workspace described in the API's request shapes, loaded in one
 * transaction through the operations' own handlers; a bad document loads nothing and says where.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { FIXTURE_SECTIONS } from '../src/admin/controls/fixtures.js';
import { serverEntry } from './entries.js';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();
const sample = JSON.parse(readFileSync('examples/sample-workspace.json', 'utf8'));

async function summary(ws: TestWorkspace) {
  const contacts = (await ws.call('GET', '/contacts?per_page=50')).body.data;
  return { contacts: contacts.length, events: (await ws.events()).length, tags: (await ws.call('GET', '/tags')).body.data.length };
}

test('examples/sample-workspace.json loads: contacts with external ids, companies, custom attributes, tags, notes, subscription choices, events, conversations in every state, a ticket, articles, news', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('POST', '/_admin/fixtures', { body: sample });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body.created, {
    data_attributes: 4, companies: 2, contacts: 6, company_contacts: 4, tags: 4, notes: 3, subscriptions: 2, events: 3,
    ticket_types: 1, conversations: 4, messages: 1, conversation_replies: 3, conversation_actions: 3, tickets: 1,
    collections: 1, articles: 2, news_items: 1,
  });
  const article = (await ws.call('GET', `/articles/${res.body.refs['sso-article']}`)).body;
  assert.deepEqual([article.author_id, article.state, String(article.parent_id)], [ws.ownerAdminId, 'published', res.body.refs['getting-started']]);
  const news = (await ws.call('GET', '/news/news_items')).body.data;
  assert.deepEqual(news.map((n: any) => [n.title, n.sender_id, n.state]), [['Exports are now twice as fast', ws.ownerAdminId, 'live']]);
  const states = async (ref: string) => (await ws.call('GET', `/conversations/${res.body.refs[ref]}`)).body.state;
  assert.deepEqual([await states('sso'), await states('export'), await states('invoice'), await states('pricing')], ['closed', 'open', 'snoozed', 'open']);
  const assigned = (await ws.call('GET', `/conversations/${res.body.refs.export}`)).body;
  assert.equal(assigned.admin_assignee_id, ws.ownerAdminId);
  const ticket = (await ws.call('GET', `/tickets/${res.body.refs['export-bug']}`)).body;
  assert.equal(ticket.ticket_attributes._default_title_, 'Large exports time out');
  const events = (await ws.call('GET', `/events?type=user&intercom_user_id=${res.body.refs.mateo}&summary=true`)).body;
  assert.deepEqual(events.events.map((e: any) => [e.name, e.count]), [['exported-report', 2]]);
  const ada = await ws.call('GET', `/contacts/${res.body.refs.ada}`);
  assert.equal(ada.body.external_id, 'usr_1001');
  assert.deepEqual(ada.body.custom_attributes, { plan: 'business', seats: 42, beta_tester: true });
  assert.deepEqual(ada.body.tags.data.map((t: any) => t.id).sort(), [res.body.refs.vip, res.body.refs.beta].sort());
  assert.equal(ada.body.companies.data[0].id, res.body.refs.northwind);
  const notes = (await ws.call('GET', `/contacts/${res.body.refs.ada}/notes`)).body.data;
  assert.equal(notes[0].author.id, String(ws.ownerAdminId));
  const company = await ws.call('GET', `/companies/${res.body.refs.northwind}`);
  assert.equal(company.body.user_count, 2);
  assert.deepEqual(company.body.custom_attributes, { churn_risk: 0.12 });
  const choices = (await ws.call('GET', `/contacts/${res.body.refs.priya}/subscriptions`)).body.data;
  assert.deepEqual(choices.map((c: any) => c.default_translation.name), ['SMS updates']);
  assert.equal((await ws.events()).length, 0, 'a fixture is a state, not a history: no events, no webhooks');
});

test('a bad fixture is a 400 naming the position and reason of the first error, and nothing is loaded', async () => {
  const ws = await api.newWorkspace();
  const before = await summary(ws);
  const cases: [unknown, string, RegExp][] = [
    [{ contacts: [{ email: 'ok@example.com' }, { email: 'ok2@example.com' }, { email: 'ok3@example.com' }, { email: 42 }] }, 'contacts[3].email', /string/],
    [{ contacts: [{ email: 'dup@example.com' }, { email: 'dup@example.com' }] }, 'contacts[1]', /already exists/],
    [{ contacts: [{ email: 'a@example.com', custom_attributes: { nope: 1 } }] }, 'contacts[0].custom_attributes.nope', /nope/],
    [{ contacts: [{ email: 'n@example.com', ref: 'n' }], notes: [{ contact_id: '@missing', body: 'x' }] }, 'notes[0].contact_id', /unknown ref @missing/],
    [{ contacts: [{ email: 'r@example.com', ref: 'r' }, { email: 's@example.com', ref: 'r' }] }, 'contacts[1].ref', /already defined/],
    [{ notes: [{ body: 'no contact' }] }, 'notes[0].contact_id', /required/],
    [{ tags: [{}] }, 'tags[0].name', /required/],
    [{ people: [] }, 'people', /unknown section/],
    [{ contacts: {} }, 'contacts', /list/],
    [{ contacts: ['text'] }, 'contacts[0]', /object/],
  ];
  for (const [body, field, reason] of cases) {
    const res = await ws.call('POST', '/_admin/fixtures', { body });
    assert.equal(res.status, 400, `${field}: ${res.raw}`);
    const error = firstError(res);
    assert.equal(error.field, field, res.raw);
    assert.match(error.message, reason);
    assert.ok(error.message.startsWith(field), error.message);
  }
  assert.deepEqual(await summary(ws), before, 'nothing of any bad fixture was loaded');
});

test('YAML works like JSON (application/yaml); refs reach seeded objects by name', async () => {
  const ws = await api.newWorkspace();
  const yaml = [
    'contacts:',
    '  - ref: grace',
    '    email: grace@example.com',
    '    external_id: g-1',
    'subscriptions:',
    '  - contact_id: "@grace"',
    '    id: "@subscription_type:Newsletter"',
    '    consent_type: opt_out',
    'notes:',
    '  - contact_id: "@grace"',
    '    body: From YAML',
    '    admin_id: "@admin:' + (await ws.call('GET', '/me')).body.email + '"',
  ].join('\n');
  const res = await ws.call('POST', '/_admin/fixtures', { rawBody: yaml, headers: { 'content-type': 'application/yaml' } });
  assert.equal(res.status, 200, res.raw);
  const bad = await ws.call('POST', '/_admin/fixtures', { rawBody: 'contacts: [unclosed', headers: { 'content-type': 'application/yaml' } });
  assert.equal(bad.status, 400);
  assert.equal((await ws.call('POST', '/tags', { rawBody: 'name: x', headers: { 'content-type': 'application/yaml' } })).status, 400, 'the API itself takes JSON only');
});

test('every section names an operation (or a control) that exists', () => {
  for (const section of FIXTURE_SECTIONS) assert.ok(section.operation || section.admin, section.key);
});

test('npm start -- --seed examples/sample-workspace.json loads it into the default workspace', { timeout: 60_000 }, async () => {
  const token = `seed-test-${process.pid}`;
  const child = spawn(process.execPath, [...serverEntry, '--port', '0', '--seed', 'examples/sample-workspace.json'], {
    env: { ...process.env, DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'warn', INTERCOM_ACCESS_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (c) => (output += c));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (c) => {
        output += c;
        const match = output.match(/listening on (http:\/\/\S+)/);
        if (match && output.includes('ready in')) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    assert.match(output, /seed: +examples\/sample-workspace\.json loaded \(4 data_attributes, 2 companies, 6 contacts/);
    const res = await fetch(`${url}/contacts`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await res.json()).total_count, 6);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  // A bad seed file stops start-up with the position of the problem.
  const bad = spawn(process.execPath, [...serverEntry, '--port', '0', '--seed', 'package.json'], { env: { ...process.env, DATABASE_URL: 'sqlite::memory:' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  bad.stderr!.on('data', (c) => (err += c));
  const [code] = await once(bad, 'exit');
  assert.equal(code, 1);
  assert.match(err, /--seed: package\.json: name: unknown section/);
});
