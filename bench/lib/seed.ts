/**
 * Seeds a realistic workspace into the database, never through HTTP. Contacts and their tags go in
 * as batched multi-row inserts through the project's own Kysely handle; companies and their
 * contacts go through the companies store itself (`companies(scope).insert/attach`, as the API
 * writes them), and conversations through the conversations store and the state machine
 * (`writeStory` in conversations.ts, as the handlers write them), so those rows are exactly what
 * the server would have made.
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseTarget } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import type { ContactsTable } from '../../src/db/schema.js';
import { nextIds } from '../../src/db/dialect.js';
import { hexId } from '../../src/core/ids.js';
import { scopeOf } from '../../src/core/scope.js';
import { companies } from '../../src/resources/companies/public.js';
import { enqueue } from '../../src/core/jobs.js';
import type { Writer } from '../../src/resources/conversations/apply.js';
import { storyOf, writeStory, type Story } from './conversations.js';

export interface SeedResult {
  workspaceId: string;
  contacts: number;
  /** Tags created, and tags applied to contacts (about one per contact). */
  tags: number;
  taggings: number;
  /** Wall time of the bulk load itself (inserts + ANALYZE), milliseconds. */
  ms: number;
  /** A random sample of seeded contacts, for the scenarios to address. */
  sample: { id: string; email: string }[];
  /** Companies created, contact–company attachments, and the wall time of loading them, milliseconds. */
  companies: number;
  attachments: number;
  companyMs: number;
  /** Intercom ids of a sample of the seeded companies. */
  companySample: string[];
  /** Conversations written, their parts, and the wall time of writing them, milliseconds. */
  conversations: number;
  conversationParts: number;
  conversationMs: number;
  /** A sample of the seeded conversations (id and contact). */
  conversationSample: { id: string; contactId: string }[];
  /** A conversation with LONG_CONVERSATION_PARTS parts, and the admin who answers in it. */
  longConversationId: string;
  adminId: string;
}

/** The parts of the seeded long conversation (retrieve shows at most 500). */
export const LONG_CONVERSATION_PARTS = 500;

/**
 * `count` conversations over the last year, each with its story (storyOf) written through the
 * store, 500 to a transaction; then one conversation of LONG_CONVERSATION_PARTS parts, a contact and
 * an admin taking turns. Stories are told as if each step happened at its time.
 */
async function seedConversations(
  handle: DatabaseHandle,
  workspaceId: string,
  count: number,
  contactIds: string[],
  now: number,
  random: () => number,
): Promise<{ parts: number; ms: number; sample: SeedResult['conversationSample']; longId: string; adminId: string }> {
  const started = performance.now();
  const adminIds = (await handle.db.selectFrom('admins').select('id').where('workspace_id', '=', workspaceId).where('has_inbox_seat', '=', 1).execute()).map((a) => Number(a.id));
  const teamIds = (await handle.db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).execute()).map((t) => Number(t.id));
  const cast = { adminIds, teamIds, contactIds };
  const writer = (trx: DatabaseHandle['db']): Writer => ({
    db: trx,
    workspace: { id: workspaceId },
    now,
    // Nothing subscribes in the bench; a story's snooze wake-up is scheduled as the handler schedules it.
    emit: async () => {},
    enqueue: (job) => enqueue(trx, { ...job, workspaceId }, now),
  });
  const sample: SeedResult['conversationSample'] = [];
  const span = 365 * 86400;
  const PER_TRANSACTION = 500;
  for (let start = 0; start < count; start += PER_TRANSACTION) {
    await handle.db.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(count, start + PER_TRANSACTION); i++) {
        const story = storyOf(random, cast, now - span + Math.floor(((i + random()) * span) / count), now);
        const id = await writeStory(writer(trx), story);
        if (i % Math.max(1, Math.floor(count / 2000)) === 0) sample.push({ id: String(id), contactId: story.contactId });
      }
    });
    // PostgreSQL plans each connection's foreign-key checks once: planned while the conversation
    // tables were empty, they scan them, slower with every conversation written.
    if (start === 0) await handle.analyze();
  }
  const contactId = contactIds[0];
  const adminId = adminIds[0];
  const long: Story = {
    startedBy: 'contact', contactId, adminId, channel: 'conversation', subject: '', body: 'The export keeps failing', createdAt: now - 30 * 86400, tagIndex: null,
    steps: Array.from({ length: LONG_CONVERSATION_PARTS }, (_, k) =>
      k % 2 === 0
        ? { action: { kind: 'admin_comment', body: `Looking into it, step ${k}` }, actor: { type: 'admin', id: String(adminId) }, at: now - 30 * 86400 + 60 * (k + 1) }
        : { action: { kind: 'contact_reply', body: `Still failing after step ${k - 1}` }, actor: { type: 'user', id: contactId }, at: now - 30 * 86400 + 60 * (k + 1) },
    ),
  };
  const longId = await handle.db.transaction().execute((trx) => writeStory(writer(trx), long));
  const parts = await handle.db.selectFrom('conversation_parts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return { parts: Number(parts.n), ms: performance.now() - started, sample, longId: String(longId), adminId: String(adminId) };
}

const INDUSTRIES = ['Software', 'Retail', 'Finance', 'Healthcare', 'Logistics', 'Media', 'Education', 'Manufacturing'];

/**
 * `count` companies, and their contacts: every sampled contact (the ones the scenarios read) and
 * about half of the others get one company, one in ten of those a second. Written through the
 * companies store, 2,000 writes to a transaction.
 */
async function seedCompanies(
  handle: DatabaseHandle,
  workspaceId: string,
  count: number,
  contactIds: string[],
  sampled: Set<string>,
  now: number,
  random: () => number,
): Promise<{ attachments: number; ms: number; sample: string[] }> {
  const started = performance.now();
  const ids: string[] = [];
  const PER_TRANSACTION = 2000;
  for (let start = 0; start < count; start += PER_TRANSACTION) {
    await handle.db.transaction().execute(async (trx) => {
      const store = companies(scopeOf(trx, workspaceId));
      for (let i = start; i < Math.min(count, start + PER_TRANSACTION); i++) {
        const createdAt = now - Math.floor(random() * 3 * 365 * 86400);
        ids.push(
          await store.insert(
            `company-${i}`,
            {
              name: `${LAST[i % LAST.length]} ${INDUSTRIES[i % INDUSTRIES.length]} ${i}`,
              plan: PLANS[Math.floor(random() * PLANS.length)],
              size: 1 + Math.floor(random() * 5000),
              website: `https://company${i}.example.com`,
              industry: INDUSTRIES[i % INDUSTRIES.length],
              monthly_spend: Math.floor(random() * 50_000),
            },
            createdAt,
          ),
        );
      }
    });
  }
  const pairs: [string, string][] = [];
  for (const contactId of contactIds) {
    if (!sampled.has(contactId) && random() < 0.5) continue;
    pairs.push([contactId, ids[Math.floor(random() * ids.length)]]);
    if (random() < 0.1) pairs.push([contactId, ids[Math.floor(random() * ids.length)]]);
  }
  let attachments = 0;
  for (let start = 0; start < pairs.length; start += PER_TRANSACTION) {
    await handle.db.transaction().execute(async (trx) => {
      const store = companies(scopeOf(trx, workspaceId));
      for (const [contactId, companyId] of pairs.slice(start, start + PER_TRANSACTION)) {
        if (await store.attach(contactId, companyId, now)) attachments++;
      }
    });
  }
  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 2000)) === 0);
  return { attachments, ms: performance.now() - started, sample };
}

const FIRST = ['Ada', 'Brian', 'Ciara', 'Dmitri', 'Elena', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wei', 'Ximena', 'Yusuf', 'Zoe'];
const LAST = ['Murphy', 'Kelly', 'Garcia', 'Nakamura', 'Okafor', 'Schmidt', 'Rossi', 'Dubois', 'Silva', 'Novak', 'Kowalski', 'Chen', 'Singh', 'Haddad', 'Larsen', 'Moreau', 'Walsh', 'Ivanova'];
const PLACES = [
  ['Ireland', 'Leinster', 'Dublin', 'IE', 'EU'],
  ['United States', 'California', 'San Francisco', 'US', 'NA'],
  ['United States', 'New York', 'New York', 'US', 'NA'],
  ['Germany', 'Berlin', 'Berlin', 'DE', 'EU'],
  ['France', 'Ile-de-France', 'Paris', 'FR', 'EU'],
  ['Brazil', 'Sao Paulo', 'Sao Paulo', 'BR', 'SA'],
  ['Japan', 'Tokyo', 'Tokyo', 'JP', 'AS'],
  ['Australia', 'New South Wales', 'Sydney', 'AU', 'OC'],
  ['India', 'Karnataka', 'Bengaluru', 'IN', 'AS'],
  ['Nigeria', 'Lagos', 'Lagos', 'NG', 'AF'],
] as const;
const BROWSERS = [['chrome', '131.0'], ['safari', '18.1'], ['firefox', '133.0'], ['edge', '131.0']] as const;
const OSES = ['OS X 14.6', 'Windows 11', 'iOS 18.1', 'Android 15', 'Linux'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const SOURCES = [null, 'google', 'newsletter', 'twitter', 'partner'];

/** A small deterministic PRNG (mulberry32): the same seed gives the same workspace every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Contact number `i` of the seeded workspace. Emails are unique: they carry `i`. */
export function makeContact(workspaceId: string, i: number, count: number, now: number, random: () => number, ownerIds: number[]): ContactsTable {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const first = pick(FIRST);
  const last = pick(LAST);
  const lead = random() < 0.15;
  // Two years of sign-ups, in order (so ids, which lead with the creation time, mostly ascend).
  const span = 2 * 365 * 86400;
  const createdAt = now - span + Math.floor(((i + random()) * span) / Math.max(1, count));
  const seen = random() < 0.8 ? createdAt + Math.floor(random() * (now - createdAt)) : null;
  const domain = `${pick(['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell'])}${i % 997}.example.com`;
  const email = `${first}.${last}.${i}@${domain}`.toLowerCase();
  const [country, region, city, countryCode, continent] = pick(PLACES);
  const [browser, browserVersion] = pick(BROWSERS);
  const custom: Record<string, unknown> = { plan: pick(PLANS), seats: 1 + Math.floor(random() * 200) };
  if (random() < 0.5) custom.churn_risk = Math.round(random() * 100) / 100;
  if (random() < 0.3) custom.beta_tester = random() < 0.5;
  return {
    workspace_id: workspaceId,
    id: hexId(createdAt),
    role: lead ? 'lead' : 'user',
    email,
    email_domain: domain,
    external_id: lead ? null : `user-${i}`,
    phone: random() < 0.3 ? `+3531${String(1_000_000 + i).slice(-7)}` : null,
    name: `${first} ${last}`,
    avatar: null,
    owner_id: ownerIds.length && random() < 0.4 ? pick(ownerIds) : null,
    has_hard_bounced: random() < 0.01 ? 1 : 0,
    marked_email_as_spam: random() < 0.005 ? 1 : 0,
    unsubscribed_from_emails: random() < 0.08 ? 1 : 0,
    created_at: createdAt,
    updated_at: seen ?? createdAt,
    signed_up_at: lead ? null : createdAt,
    last_seen_at: seen,
    last_replied_at: random() < 0.2 ? seen : null,
    last_contacted_at: random() < 0.3 ? seen : null,
    last_email_opened_at: random() < 0.25 ? seen : null,
    last_email_clicked_at: random() < 0.1 ? seen : null,
    language_override: null,
    browser,
    browser_version: browserVersion,
    browser_language: pick(['en', 'en-GB', 'de', 'fr', 'pt-BR', 'ja']),
    os: pick(OSES),
    android_app_name: null,
    android_app_version: null,
    android_device: null,
    android_os_version: null,
    android_sdk_version: null,
    android_last_seen_at: null,
    ios_app_name: null,
    ios_app_version: null,
    ios_device: null,
    ios_os_version: null,
    ios_sdk_version: null,
    ios_last_seen_at: null,
    location_country: country,
    location_region: region,
    location_city: city,
    location_country_code: countryCode,
    location_continent_code: continent,
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: pick(SOURCES),
    utm_term: null,
    referrer: null,
    custom_attributes: JSON.stringify(custom),
    archived: 0,
  };
}

const TAG_NAMES = ['VIP', 'Enterprise', 'Trial', 'Churn risk', 'Beta', 'Newsletter', 'Partner', 'Onboarding', 'Upsell', 'Support priority',
  'EMEA', 'APAC', 'Americas', 'Webinar 2025', 'Feature request', 'Integrations', 'Mobile', 'Developer', 'Champion', 'Renewal Q1'];

/** The workspace's tags (ids from the shared id sequence, as the server makes them); none if the table refuses. */
async function seedTags(handle: DatabaseHandle, workspaceId: string, now: number): Promise<number[]> {
  const ids = await nextIds(handle.db, TAG_NAMES.length);
  await handle.db
    .insertInto('tags')
    .values(TAG_NAMES.map((name, i) => ({ workspace_id: workspaceId, id: ids[i], name, created_at: now - 3 * 365 * 86400, updated_at: now - 3 * 365 * 86400 })))
    .execute();
  return ids;
}

async function contactColumns(handle: DatabaseHandle): Promise<Set<string>> {
  const query =
    handle.engine === 'sqlite'
      ? sql<{ name: string }>`SELECT name FROM pragma_table_info('contacts')`
      : sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'contacts' AND table_schema = current_schema()`;
  const { rows } = await query.execute(handle.db);
  return new Set(rows.map((r) => r.name));
}

/**
 * Inserts `count` contacts into the default workspace of `target` (which the server has created on
 * its first start). Rows go in as many at a time as the engine's bound-parameter limit allows
 * (533 for SQLite, 1,083 for PostgreSQL), 20,000 to a transaction.
 */
export async function seedContacts(target: DatabaseTarget, count: number, companyCount = 10_000, sampleSize = 2000, conversationCount = 20_000): Promise<SeedResult> {
  const handle = await openDatabase(target);
  try {
    const workspace = await handle.db.selectFrom('workspaces').select('id_code').where('is_default', '=', 1).executeTakeFirst();
    if (!workspace) throw new Error('no default workspace: start the server once against this database first');
    const ownerIds = (
      await handle.db.selectFrom('admins').select('id').where('workspace_id', '=', workspace.id_code).execute()
    ).map((a) => Number(a.id));
    const columns = await contactColumns(handle);
    const random = rng(20_11);
    const now = Math.floor(Date.now() / 1000);
    const sampleEvery = Math.max(1, Math.floor(count / sampleSize));
    const sample: SeedResult['sample'] = [];
    // Bound parameters per statement: SQLite allows 32,766, PostgreSQL 65,535.
    const BATCH = Math.floor((handle.engine === 'postgres' ? 65_000 : 32_000) / 60);
    const PER_TRANSACTION = 20_000;

    // One INSERT text per batch size, compiled once: Kysely's builder would otherwise rebuild a
    // 27,500-parameter query 200 times, which costs more than SQLite takes to store the rows.
    const names = Object.keys(makeContact(workspace.id_code, 0, count, now, rng(1), ownerIds)).filter((c) => columns.has(c));
    const texts = new Map<number, string>();
    const insertText = (rows: number) => {
      let text = texts.get(rows);
      if (!text) {
        let n = 0;
        const placeholder = () => (handle.engine === 'postgres' ? `$${++n}` : '?');
        const tuples = Array.from({ length: rows }, () => `(${names.map(placeholder).join(',')})`);
        text = `INSERT INTO contacts (${names.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`;
        texts.set(rows, text);
      }
      return text;
    };

    const started = performance.now();
    const tagIds = await seedTags(handle, workspace.id_code, now);
    const taggings: [string, number, number][] = [];
    let taggingCount = 0;
    const contactIds: string[] = [];
    // The seeding connection only: a page cache the size of the indexes, so random-order keys do not spill.
    if (handle.engine === 'sqlite') await sql`PRAGMA cache_size = -262144`.execute(handle.db);
    for (let start = 0; start < count; start += PER_TRANSACTION) {
      const end = Math.min(count, start + PER_TRANSACTION);
      await handle.db.transaction().execute(async (trx) => {
        for (let b = start; b < end; b += BATCH) {
          const last = Math.min(end, b + BATCH);
          const params: unknown[] = [];
          for (let i = b; i < last; i++) {
            const row = makeContact(workspace.id_code, i, count, now, random, ownerIds) as unknown as Record<string, unknown>;
            // Tags like a real workspace's: most contacts carry one or two, some none.
            if (tagIds.length) {
              const n = Math.floor(random() * 2.2);
              for (let t = 0, first = Math.floor(random() * tagIds.length); t < n; t++) {
                taggings.push([row.id as string, tagIds[(first + t * 7) % tagIds.length], row.created_at as number]);
              }
            }
            if (i % sampleEvery === 0 && sample.length < sampleSize) sample.push({ id: row.id as string, email: row.email as string });
            contactIds.push(row.id as string);
            // Only the columns this database has (migrations move on while the bench stays put).
            for (const name of names) params.push(row[name]);
          }
          await trx.executeQuery(CompiledQuery.raw(insertText(last - b), params));
        }
        // This transaction's taggings, in multi-row inserts of 1,000.
        for (let t = 0; t < taggings.length; t += 1000) {
          const chunk = taggings.slice(t, t + 1000);
          await trx
            .insertInto('contact_tags')
            .values(chunk.map(([contactId, tagId, at]) => ({ workspace_id: workspace.id_code, contact_id: contactId, tag_id: tagId, applied_at: at, applied_by: null })))
            .execute();
        }
        taggingCount += taggings.length;
        taggings.length = 0;
      });
    }
    // A settled database, as autovacuum (PostgreSQL) or the server's own `PRAGMA optimize` (SQLite) leaves it.
    await handle.analyze();
    const ms = performance.now() - started;
    const sampled = new Set(sample.map((c) => c.id));
    const loaded = await seedCompanies(handle, workspace.id_code, companyCount, contactIds, sampled, now, random);
    const talked = await seedConversations(handle, workspace.id_code, conversationCount, contactIds, now, random);
    await handle.analyze();
    return {
      workspaceId: workspace.id_code, contacts: count, tags: tagIds.length, taggings: taggingCount, ms, sample,
      companies: companyCount, attachments: loaded.attachments, companyMs: loaded.ms, companySample: loaded.sample,
      conversations: conversationCount, conversationParts: talked.parts, conversationMs: talked.ms, conversationSample: talked.sample, longConversationId: talked.longId, adminId: talked.adminId,
    };
  } finally {
    await handle.close();
  }
}
