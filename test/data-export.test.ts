import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { scopeOf } from '../src/core/scope.js';
import { nextIds } from '../src/db/dialect.js';
import { pendingJobs } from '../src/core/jobs.js';
import { firstError, testApi, type TestWorkspace } from './harness.js';
import { make } from './fixtures/helpers.js';
import { dataExports } from '../src/resources/data-export/store.js';

const api = await testApi({ PUBLIC_URL: 'https://intercom.example.test' });

const TWO_DAYS = 2 * 24 * 60 * 60;

const start = (ws: TestWorkspace, after: number, before: number) => ws.call('POST', '/export/content/data', { body: { created_at_after: after, created_at_before: before } });
const show = (ws: TestWorkspace, id: string) => ws.call('GET', `/export/content/data/${id}`);

/** The download's bytes (the harness's `call` reads bodies as text). */
async function download(ws: TestWorkspace, id: string, accept: string | null = 'application/octet-stream') {
  const headers: Record<string, string> = { authorization: `Bearer ${ws.token}` };
  if (accept !== null) headers.accept = accept;
  const res = await api.app.inject({ method: 'GET', url: `/download/content/data/${id}`, headers });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => JSON.parse(res.body) };
}

/** The CSV's rows as objects keyed by its header (no cell here holds a comma or a quote). */
function rowsOf(bytes: Buffer): { header: string[]; rows: Record<string, string>[] } {
  const [head, ...lines] = gunzipSync(bytes).toString('utf8').split('\r\n').filter((l) => l !== '');
  const header = head.split(',');
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell]))) };
}

test('data export: pending → in_progress → completed, a gzipped CSV of the messages sent in the range, with first replies', async () => {
  const ws = await api.newWorkspace();
  const admin = Number(ws.ownerAdminId);
  const t0 = ws.clock.now();
  const company = (await ws.call('POST', '/companies', { body: { company_id: 'acme', name: 'Acme' } })).body.id;
  const ann = await make.contact(ws, { name: 'Ann', external_id: 'ann-1' });
  await ws.call('POST', `/contacts/${ann}/companies`, { body: { id: company } });
  const bob = await make.contact(ws, { name: 'Bob' });

  // An email from a teammate to Ann (a receipt); Bob writes in (none), a teammate answers (a receipt),
  // Bob replies (his first reply), a note (none).
  const email = (await ws.call('POST', '/messages', { body: { message_type: 'email', subject: 'Welcome aboard', body: 'Hello', template: 'plain', from: { type: 'admin', id: admin }, to: { type: 'user', id: ann } } })).body;
  ws.clock.advance(60);
  const started = (await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: bob }, body: 'Help, please' } })).body;
  ws.clock.advance(60);
  const reply = (await ws.call('POST', `/conversations/${started.conversation_id}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: String(admin), body: 'On it' } })).body;
  const answer = reply.conversation_parts.conversation_parts.at(-1);
  ws.clock.advance(60);
  await ws.call('POST', `/conversations/${started.conversation_id}/reply`, { body: { message_type: 'comment', type: 'user', intercom_user_id: bob, body: 'Thanks' } });
  await ws.call('POST', `/conversations/${started.conversation_id}/reply`, { body: { message_type: 'note', type: 'admin', admin_id: String(admin), body: 'internal' } });
  ws.clock.advance(3600);
  await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: 'Later', from: { type: 'admin', id: admin }, to: { type: 'user', id: ann } } });

  const created = await start(ws, t0, t0 + 600);
  assert.equal(created.status, 200, created.raw);
  const id = created.body.job_identifier;
  assert.match(id, /^[a-z0-9]{16}$/);
  assert.deepEqual(created.body, { job_identifier: id, status: 'pending', download_url: '', download_expires_at: '' });
  assert.deepEqual((await show(ws, id)).body, created.body);
  assert.equal((await download(ws, id)).status, 404, 'no file before it completes');

  ws.clock.advance(5);
  assert.ok((await ws.runJobs()) >= 1);
  const done = (await show(ws, id)).body;
  const completedAt = ws.clock.now();
  assert.deepEqual(done, {
    job_identifier: id,
    status: 'completed',
    download_url: `https://intercom.example.test/download/content/data/${id}`,
    download_expires_at: String(completedAt + TWO_DAYS),
  });

  const file = await download(ws, id);
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-type'], 'application/octet-stream');
  const { header, rows } = rowsOf(file.bytes);
  assert.deepEqual(header.slice(0, 12), ['user_id', 'user_external_id', 'company_id', 'email', 'name', 'ruleset_id', 'content_id', 'content_type', 'content_title', 'ruleset_version_id', 'receipt_id', 'received_at']);
  assert.equal(header.length, 26);
  assert.equal(rows.length, 2);
  const [toAnn, toBob] = rows;
  assert.deepEqual(
    { user_id: toAnn.user_id, user_external_id: toAnn.user_external_id, company_id: toAnn.company_id, name: toAnn.name, ruleset_id: toAnn.ruleset_id, content_type: toAnn.content_type, content_title: toAnn.content_title, received_at: toAnn.received_at, first_reply: toAnn.first_reply, series_id: toAnn.series_id },
    { user_id: ann, user_external_id: 'ann-1', company_id: company, name: 'Ann', ruleset_id: email.id, content_type: 'email', content_title: 'Welcome aboard', received_at: String(t0), first_reply: '', series_id: '-1' },
  );
  assert.deepEqual(
    { user_id: toBob.user_id, company_id: toBob.company_id, ruleset_id: toBob.ruleset_id, content_type: toBob.content_type, received_at: toBob.received_at, first_reply: toBob.first_reply },
    { user_id: bob, company_id: '-1', ruleset_id: answer.id, content_type: 'chat', received_at: String(t0 + 120), first_reply: String(t0 + 180) },
  );

  // Two days after completion the file is gone.
  ws.clock.advance(TWO_DAYS);
  assert.equal((await download(ws, id)).status, 404);
  await ws.runJobs();
  assert.equal((await dataExports(scopeOf(api.database.db, ws.id)).chunk(id, 'any', 0)), undefined);
  assert.equal((await ws.events()).filter((e) => e.topic.startsWith('data')).length, 0);
});

test('data export: one active job per workspace (429), no_data for an empty range, cancel', async () => {
  const ws = await api.newWorkspace();
  const now = ws.clock.now();
  const first = await start(ws, now - 100, now);
  const second = await start(ws, now - 100, now);
  assert.equal(second.status, 429, second.raw);
  assert.deepEqual(firstError(second), { code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 1 pending message data export jobs' });
  // Another workspace has its own allowance.
  assert.equal((await start(await api.newWorkspace(), now - 100, now)).status, 200);

  await ws.runJobs();
  assert.equal((await show(ws, first.body.job_identifier)).body.status, 'no_data');
  assert.equal((await download(ws, first.body.job_identifier)).status, 404);

  const third = await start(ws, now - 100, now);
  assert.equal(third.status, 200, 'an ended job frees the slot');
  const canceled = await ws.call('POST', `/export/cancel/${third.body.job_identifier}`);
  assert.deepEqual(canceled.body, { job_identifier: third.body.job_identifier, status: 'canceled', download_url: '', download_expires_at: '' });
  await ws.runJobs();
  assert.equal((await show(ws, third.body.job_identifier)).body.status, 'canceled', 'the job finds it canceled and does nothing');
  assert.equal((await ws.call('POST', `/export/cancel/${first.body.job_identifier}`)).body.status, 'no_data', 'an ended job stays as it ended');

  for (const [after, before] of [[-1, now], [now, 1e308], [1.5, now]]) {
    const absurd = await start(ws, after, before);
    assert.equal(absurd.status, 400, absurd.raw);
  }
  const backwards = await start(ws, now, now - 1);
  assert.equal(backwards.status, 400);
  assert.equal(firstError(backwards).field, 'created_at_before');
});

test('downloadDataExport: asks for Accept: application/octet-stream', async () => {
  const ws = await api.newWorkspace();
  const contact = await make.contact(ws);
  await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: 'Hi', from: { type: 'admin', id: Number(ws.ownerAdminId) }, to: { type: 'user', id: contact } } });
  const id = (await start(ws, ws.clock.now(), ws.clock.now())).body.job_identifier;
  await ws.runJobs();
  for (const accept of ['application/json', null, 'text/csv']) {
    const res = await download(ws, id, accept);
    assert.equal(res.status, 406, String(accept));
    assert.equal(res.json().type, 'error.list');
  }
  for (const accept of ['application/octet-stream', '*/*', 'application/json, application/octet-stream;q=0.5']) {
    assert.equal((await download(ws, id, accept)).status, 200, accept);
  }
  const other = await api.newWorkspace();
  assert.equal((await download(other, id)).status, 404);
});

test('data export: a large range streams in batches and pieces, in time order', async () => {
  const ws = await api.newWorkspace();
  const contact = await make.contact(ws);
  const t0 = ws.clock.now();
  // 1,200 conversations a teammate started, each with a reply: 2,400 receipts across batches of
  // 500 (written in three statements: the point is the export, not how conversations are made).
  const count = 1200;
  const admin = String(ws.ownerAdminId);
  const at = (i: number) => t0 + i;
  const db = api.database.db;
  const searchRowids = await nextIds(db, count);
  const conversationRows = Array.from({ length: count }, (_, i) => ({
    workspace_id: ws.id, id: i + 1, source_id: count * 2 + i + 1, search_rowid: searchRowids[i], state: 'closed', source_type: 'conversation', source_delivered_as: 'admin_initiated',
    source_author_type: 'admin', source_author_id: admin, source_body: `m${i}`, created_at: at(i), updated_at: at(i),
  }));
  const partRows = Array.from({ length: count }, (_, i) => ({
    workspace_id: ws.id, id: count + i + 1, conversation_id: i + 1, part_type: 'comment', body: 'r', author_type: 'admin', author_id: admin,
    redacted: 0 as const, attachments: '[]', notified_at: at(i), created_at: at(i), updated_at: at(i),
  }));
  for (let i = 0; i < count; i += 300) {
    await db.insertInto('conversations').values(conversationRows.slice(i, i + 300) as never).execute();
    await db.insertInto('conversation_parts').values(partRows.slice(i, i + 300)).execute();
    await db.insertInto('conversation_contacts').values(conversationRows.slice(i, i + 300).map((c) => ({ workspace_id: ws.id, conversation_id: c.id, contact_id: contact, added_at: c.created_at }))).execute();
  }
  const id = (await start(ws, t0, t0 + 1200)).body.job_identifier;
  await ws.runJobs();
  assert.equal((await show(ws, id)).body.status, 'completed');
  const { rows } = rowsOf((await download(ws, id)).bytes);
  assert.equal(rows.length, 2400);
  const times = rows.map((r) => Number(r.received_at));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  assert.equal(new Set(rows.map((r) => r.receipt_id)).size, 2400);
});

test('data export: a runner that died mid-export is replaced once its claim runs out; a live claim is left alone', async () => {
  const ws = await api.newWorkspace();
  const contact = await make.contact(ws);
  await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: 'Hi', from: { type: 'admin', id: Number(ws.ownerAdminId) }, to: { type: 'user', id: contact } } });
  const now = ws.clock.now();
  const id = (await start(ws, now, now)).body.job_identifier;
  // Another runner took it and went silent.
  assert.ok(await dataExports(scopeOf(api.database.db, ws.id)).claim(id, 'gone-runner', now, now + 60));
  await ws.runJobs();
  assert.equal((await show(ws, id)).body.status, 'in_progress', 'held by the other runner: left alone');
  assert.equal((await pendingJobs(api.database.db, 'data_export')).filter((j) => j.workspace_id === ws.id).length, 1, 'the job waits to try again');
  ws.clock.advance(120);
  await ws.runJobs();
  assert.equal((await show(ws, id)).body.status, 'completed');
  assert.equal((await download(ws, id)).status, 200);
});
