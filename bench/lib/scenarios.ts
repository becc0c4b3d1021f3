/**
 * The scenarios, written against the spec (not against what is implemented today): each is one
 * operation driven with varied, valid requests. Ids and emails rotate through the seeded sample,
 * and creates use a fresh email every request, so no target answers from a single hot row.
 */

export interface Seeded {
  ids: string[];
  emails: string[];
  /** Intercom ids of seeded companies (their client `company_id`s are `company-<n>`, n < 10,000). */
  companyIds: string[];
  /** Seeded conversations, and the contact each was started by (or sent to). */
  conversationIds: string[];
  conversationContactIds: string[];
  /** A conversation of 500 parts, and an admin with an inbox seat to reply as. */
  longConversationId: string;
  adminId: string;
}

export interface RequestShape {
  method: string;
  path: string;
  body?: string;
}

export interface Scenario {
  key: string;
  /** As printed: `GET /contacts/{id}`. */
  label: string;
  /** Request number `n` of a run tagged `tag` (unique per target and run). */
  request(n: number, seeded: Seeded, tag: string): RequestShape;
}

const at = <T>(list: T[], n: number): T => list[n % list.length];

export const scenarios: Scenario[] = [
  {
    key: 'me',
    label: 'GET /me',
    request: () => ({ method: 'GET', path: '/me' }),
  },
  {
    key: 'show-contact',
    label: 'GET /contacts/{id}',
    request: (n, seeded) => ({ method: 'GET', path: `/contacts/${at(seeded.ids, n * 7919)}` }),
  },
  {
    key: 'create-contact',
    label: 'POST /contacts',
    request: (n, _seeded, tag) => ({
      method: 'POST',
      path: '/contacts',
      body: JSON.stringify({ role: 'user', email: `bench-${tag}-${n}@example.com`, name: `Bench User ${n}`, external_id: `bench-${tag}-${n}` }),
    }),
  },
  {
    key: 'update-contact',
    label: 'PUT /contacts/{id}',
    request: (n, seeded) => ({
      method: 'PUT',
      path: `/contacts/${at(seeded.ids, n * 104729)}`,
      body: JSON.stringify({ name: `Renamed ${n}`, last_seen_at: 1_700_000_000 + n }),
    }),
  },
  {
    key: 'search-contacts',
    label: 'POST /contacts/search (nested)',
    // Selective: one email, nested under AND with an OR of roles and a date range.
    request: (n, seeded) => ({
      method: 'POST',
      path: '/contacts/search',
      body: JSON.stringify({
        query: {
          operator: 'AND',
          value: [
            { field: 'email', operator: '=', value: at(seeded.emails, n * 7907) },
            {
              operator: 'OR',
              value: [
                { field: 'role', operator: '=', value: 'user' },
                { field: 'role', operator: '=', value: 'lead' },
              ],
            },
            { field: 'created_at', operator: '>', value: 946684800 },
          ],
        },
        pagination: { per_page: 20 },
      }),
    }),
  },
  {
    key: 'upsert-company',
    label: 'POST /companies (create or update)',
    // Half the requests update a seeded company (by its company_id), half create a new one.
    request: (n, _seeded, tag) => ({
      method: 'POST',
      path: '/companies',
      body: JSON.stringify(
        n % 2 === 0
          ? { company_id: `company-${(n * 7919) % 10_000}`, monthly_spend: n % 50_000, plan: n % 3 === 0 ? 'pro' : 'starter' }
          : { company_id: `bench-${tag}-${n}`, name: `Bench Co ${n}`, industry: 'Software', size: 1 + (n % 500) },
      ),
    }),
  },
  {
    key: 'attach-company',
    label: 'POST /contacts/{id}/companies',
    // Pairs rotate through the samples, so nearly every request attaches a contact it did not have.
    request: (n, seeded) => ({
      method: 'POST',
      path: `/contacts/${at(seeded.ids, n * 7919)}/companies`,
      body: JSON.stringify({ id: at(seeded.companyIds, n * 104729 + Math.floor(n / seeded.ids.length)) }),
    }),
  },
  {
    key: 'list-conversations',
    label: 'GET /conversations',
    request: () => ({ method: 'GET', path: '/conversations' }),
  },
  {
    key: 'show-conversation',
    label: 'GET /conversations/{id}',
    request: (n, seeded) => ({ method: 'GET', path: `/conversations/${at(seeded.conversationIds, n * 7919)}` }),
  },
  {
    key: 'show-long-conversation',
    label: 'GET /conversations/{id} (500 parts)',
    request: (_n, seeded) => ({ method: 'GET', path: `/conversations/${seeded.longConversationId}` }),
  },
  {
    key: 'search-conversations',
    label: 'POST /conversations/search (contact, open)',
    // Selective: one contact's open conversations.
    request: (n, seeded) => ({
      method: 'POST',
      path: '/conversations/search',
      body: JSON.stringify({
        query: {
          operator: 'AND',
          value: [
            { field: 'contact_ids', operator: '=', value: at(seeded.conversationContactIds, n * 7907) },
            { field: 'open', operator: '=', value: true },
          ],
        },
      }),
    }),
  },
  {
    key: 'reply-conversation',
    label: 'POST /conversations/{id}/reply (500+ parts)',
    // Every reply lands on the one long conversation, which grows by a part each time.
    request: (n, seeded, tag) => ({
      method: 'POST',
      path: `/conversations/${seeded.longConversationId}/reply`,
      body: JSON.stringify({ message_type: 'comment', type: 'admin', admin_id: seeded.adminId, body: `Reply ${tag}-${n}: still on it` }),
    }),
  },
];
