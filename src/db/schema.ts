/**
 * Table shapes as Kysely sees them. Conventions, the same on both engines:
 * - every table leads with `workspace_id` (the workspace's `id_code`), and its primary key starts with it;
 * - numeric Intercom ids are integers from one id sequence (see dialect.ts), rendered as strings on the wire;
 * - booleans are integers 0/1 and JSON is stored as text, so SQLite and PostgreSQL store the same values;
 * - timestamps are unix seconds.
 */
import type { Generated } from 'kysely';

export type Bool = 0 | 1;

export interface WorkspacesTable {
  id_code: string;
  name: string;
  region: string;
  timezone: string;
  is_default: Bool;
  created_at: number;
}

export interface AccessTokensTable {
  workspace_id: string;
  id: string;
  /** sha256 of the token, hex. The token itself is never stored. */
  token_hash: string;
  /** The admin the token acts as (what GET /me returns). */
  admin_id: number;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AdminsTable {
  workspace_id: string;
  id: number;
  name: string;
  email: string;
  job_title: string;
  away_mode_enabled: Bool;
  away_mode_reassign: Bool;
  has_inbox_seat: Bool;
  avatar_url: string | null;
  email_verified: Bool;
  created_at: number;
}

export interface TeamsTable {
  workspace_id: string;
  id: number;
  name: string;
  created_at: number;
}

export interface TeamMembersTable {
  workspace_id: string;
  team_id: number;
  admin_id: number;
}

export interface TagsTable {
  workspace_id: string;
  id: number;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface ActivityLogsTable {
  workspace_id: string;
  id: string;
  admin_id: number;
  ip: string | null;
  activity_type: string;
  activity_description: string;
  /** JSON object: the activity's metadata. */
  metadata: string;
  created_at: number;
}

export interface ContactsTable {
  workspace_id: string;
  /** 24 hex characters, like Intercom's. */
  id: string;
  role: 'user' | 'lead';
  email: string | null;
  email_domain: string | null;
  external_id: string | null;
  phone: string | null;
  name: string | null;
  avatar: string | null;
  owner_id: number | null;
  has_hard_bounced: Bool;
  marked_email_as_spam: Bool;
  unsubscribed_from_emails: Bool;
  created_at: number;
  updated_at: number;
  signed_up_at: number | null;
  last_seen_at: number | null;
  last_replied_at: number | null;
  last_contacted_at: number | null;
  last_email_opened_at: number | null;
  last_email_clicked_at: number | null;
  language_override: string | null;
  browser: string | null;
  browser_version: string | null;
  browser_language: string | null;
  os: string | null;
  android_app_name: string | null;
  android_app_version: string | null;
  android_device: string | null;
  android_os_version: string | null;
  android_sdk_version: string | null;
  android_last_seen_at: number | null;
  ios_app_name: string | null;
  ios_app_version: string | null;
  ios_device: string | null;
  ios_os_version: string | null;
  ios_sdk_version: string | null;
  ios_last_seen_at: number | null;
  location_country: string | null;
  location_region: string | null;
  location_city: string | null;
  location_country_code: string | null;
  location_continent_code: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_medium: string | null;
  utm_source: string | null;
  utm_term: string | null;
  referrer: string | null;
  /** JSON object of custom attribute name → value. */
  custom_attributes: string;
  archived: Bool;
}

export interface ContactTagsTable {
  workspace_id: string;
  contact_id: string;
  tag_id: number;
  applied_at: number;
  /** The admin who applied the tag, when known. */
  applied_by: number | null;
}

export interface NotesTable {
  workspace_id: string;
  id: number;
  contact_id: string;
  admin_id: number | null;
  /** HTML, as Intercom stores it. */
  body: string;
  created_at: number;
}

export interface SubscriptionTypesTable {
  workspace_id: string;
  id: number;
  state: 'live' | 'draft' | 'archived';
  consent_type: 'opt_in' | 'opt_out';
  name: string;
  description: string;
  locale: string;
  /** JSON array of 'email' | 'sms_message'. */
  content_types: string;
  created_at: number;
}

/** A contact's explicit choice about one subscription type. */
export interface ContactSubscriptionsTable {
  workspace_id: string;
  contact_id: string;
  subscription_type_id: number;
  consent: 'opt_in' | 'opt_out';
  created_at: number;
}

export interface DataAttributesTable {
  workspace_id: string;
  id: number;
  model: 'contact' | 'company';
  name: string;
  description: string;
  data_type: 'string' | 'integer' | 'float' | 'boolean' | 'date';
  /** JSON array of allowed string values (a "list" attribute); '[]' when any value is allowed. */
  options: string;
  messenger_writable: Bool;
  archived: Bool;
  admin_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface SegmentsTable {
  workspace_id: string;
  /** 24 hex characters. */
  id: string;
  name: string;
  person_type: 'user' | 'contact';
  /** JSON: the segment's rule in the search language (src/search), evaluated whenever it is read. */
  query: string;
  created_at: number;
  updated_at: number;
}

/**
 * How many live (archived = 0) contacts a workspace has, kept by triggers on contacts (migration
 * 0005). No row means none yet.
 */
export interface ContactCountsTable {
  workspace_id: string;
  live: number;
}

/** Migration 0025: conversations per workspace (tickets included), kept by triggers. */
export interface ConversationCountsTable {
  workspace_id: string;
  total: number;
}

/** The outbox: one row per event an operation emitted (migration 0006). */
export interface EventsTable {
  workspace_id: string;
  id: number;
  topic: string;
  /** JSON: the API object the event is about, as the API showed it when the event happened. */
  item: string;
  created_at: number;
  /** 1 while the event waits for its webhook fan-out (migration 0024). */
  pending_fanout?: number | null;
}

/** Work to run later (migration 0006). */
export interface JobsTable {
  id: number;
  workspace_id: string | null;
  kind: string;
  /** At most one job with this key exists (recurring jobs scheduled by every process). */
  unique_key: string | null;
  /** JSON. */
  payload: string;
  /** Unix seconds on the job's workspace clock (the base clock when it has no workspace). */
  run_at: number;
  attempts: number;
  /** Claimed by a runner until then (base clock, unix seconds). */
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
}

export interface IdCounterTable {
  name: string;
  value: Generated<number>;
}

export interface CompaniesTable {
  workspace_id: string;
  /** 24-hex, Intercom's id. */
  id: string;
  /** The client's own id for the company: unique in the workspace, never changed. */
  company_id: string;
  name: string | null;
  /** The plan's name. */
  plan: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number | null;
  session_count: number;
  remote_created_at: number | null;
  last_request_at: number | null;
  /** JSON object text. */
  custom_attributes: string;
  created_at: number;
  updated_at: number;
}

export interface ContactCompaniesTable {
  workspace_id: string;
  contact_id: string;
  company_id: string;
  created_at: number;
}

export interface CompanyScrollsTable {
  workspace_id: string;
  scroll_param: string;
  /** The last company id answered; null before the first page. */
  after_id: string | null;
  expires_at: number;
}

/** Migration 0012: ticket types and their attributes. */
export interface TicketTypesTable {
  workspace_id: string;
  id: number;
  name: string;
  description: string;
  icon: string;
  category: string;
  is_internal: Bool;
  archived: Bool;
  created_at: number;
  updated_at: number;
}
export interface TicketTypeAttributesTable {
  workspace_id: string;
  id: number;
  ticket_type_id: number;
  name: string;
  description: string;
  data_type: string;
  /** JSON object (see the migration). */
  input_options: string;
  position: number;
  required_to_create: Bool;
  required_to_create_for_contacts: Bool;
  visible_on_create: Bool;
  visible_to_contacts: Bool;
  is_default: Bool;
  archived: Bool;
  created_at: number;
  updated_at: number;
}

export interface Database {
  workspaces: WorkspacesTable;
  access_tokens: AccessTokensTable;
  admins: AdminsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  tags: TagsTable;
  activity_logs: ActivityLogsTable;
  contacts: ContactsTable;
  contact_counts: ContactCountsTable;
  conversation_counts: ConversationCountsTable;
  contact_tags: ContactTagsTable;
  notes: NotesTable;
  subscription_types: SubscriptionTypesTable;
  contact_subscriptions: ContactSubscriptionsTable;
  id_counter: IdCounterTable;
  data_attributes: DataAttributesTable;
  segments: SegmentsTable;
  ticket_types: TicketTypesTable;
  ticket_type_attributes: TicketTypeAttributesTable;
  events: EventsTable;
  jobs: JobsTable;
  app_secrets: AppSecretsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_fanout_locks: WebhookFanoutLocksTable;
  companies: CompaniesTable;
  contact_companies: ContactCompaniesTable;
  company_scrolls: CompanyScrollsTable;
  help_centers: HelpCentersTable;
  collections: CollectionsTable;
  articles: ArticlesTable;
  article_contents: ArticleContentsTable;
  conversations: ConversationsTable;
  conversation_parts: ConversationPartsTable;
  conversation_contacts: ConversationContactsTable;
  conversation_tags: ConversationTagsTable;
  data_events: DataEventsTable;
  data_event_summaries: DataEventSummariesTable;
  visitors: VisitorsTable;
  company_tags: CompanyTagsTable;
  workspace_clocks: WorkspaceClocksTable;
  workspace_faults: WorkspaceFaultsTable;
  request_journal: RequestJournalTable;
  newsfeeds: NewsfeedsTable;
  news_items: NewsItemsTable;
  news_item_assignments: NewsItemAssignmentsTable;
  phone_call_redirects: PhoneCallRedirectsTable;
  data_exports: DataExportsTable;
  data_export_chunks: DataExportChunksTable;
}

/** Migration 0009: a workspace's app client_secret (signs webhook deliveries). */
/** Migration 0024: serialises a workspace's webhook fan-outs. */
export interface WebhookFanoutLocksTable {
  workspace_id: string;
  touched_at: number;
}
export interface AppSecretsTable {
  workspace_id: string;
  client_secret: string;
  created_at: number;
}
export interface WebhookSubscriptionsTable {
  workspace_id: string;
  id: number;
  url: string;
  /** JSON array of topics. */
  topics: string;
  active: Bool;
  created_at: number;
  updated_at: number;
}
export interface WebhookDeliveriesTable {
  workspace_id: string;
  id: number;
  subscription_id: number;
  event_id: number | null;
  /** `notif_<uuid>`; null for a ping (as Intercom sends it). */
  notification_id: string | null;
  topic: string;
  /** JSON: the item the notification carries. */
  item: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  first_sent_at: number | null;
  delivered_at: number | null;
  created_at: number;
  /** When the delivery is next tried (migration 0024). */
  next_attempt_at: number | null;
  /** The delivery a redelivery repeats (migration 0024). */
  redelivery_of: number | null;
}
export interface WebhookAttemptsTable {
  workspace_id: string;
  id: number;
  delivery_id: number;
  attempted_at: number;
  response_code: number | null;
  latency_ms: number;
  error: string | null;
}

/** Migration 0014: help centers. `locales`: JSON array of the locales its content may be written in. */
export interface HelpCentersTable {
  workspace_id: string;
  id: number;
  identifier: string;
  display_name: string;
  website_turned_on: Bool;
  custom_domain: string | null;
  default_locale: string;
  locales: string;
  created_at: number;
  updated_at: number;
}

/** A collection; its default locale's name and description are columns, other locales' in `translations` (JSON). */
export interface CollectionsTable {
  workspace_id: string;
  id: number;
  help_center_id: number;
  parent_id: number | null;
  name: string;
  description: string;
  icon: string;
  /** Intercom's `order` among the collection's siblings. */
  position: number;
  /** JSON object: locale → {name, description}, locales other than the default. */
  translations: string;
  created_at: number;
  updated_at: number;
}

export interface ArticlesTable {
  workspace_id: string;
  id: number;
  /** The collection the article is in, if any. */
  parent_id: number | null;
  default_locale: string;
  created_at: number;
  updated_at: number;
}

/** One locale's content of an article, with its searchable words (see migration 0014). */
export interface ArticleContentsTable {
  workspace_id: string;
  article_id: number;
  locale: string;
  title: string;
  description: string;
  body: string;
  author_id: number;
  state: 'published' | 'draft';
  created_at: number;
  updated_at: number;
  search_rowid: number;
  search_title: string;
  search_body: string;
}

/**
 * Migration 0011: conversations, and tickets, which share their table and id space (the ticket
 * columns are null on a plain conversation).
 */
export interface ConversationsTable {
  workspace_id: string;
  id: number;
  title: string | null;
  /** open | closed | snoozed */
  state: string;
  read: Bool;
  /** priority | not_priority */
  priority: string;
  admin_assignee_id: number | null;
  team_assignee_id: number | null;
  snoozed_until: number | null;
  waiting_since: number | null;
  /** JSON object text. */
  custom_attributes: string;
  /** conversation | email | … (the source's `type`). */
  source_type: string;
  /** The id of the message that started the conversation. */
  source_id: number;
  /** customer_initiated | admin_initiated | automated */
  source_delivered_as: string;
  source_subject: string;
  source_body: string;
  /** user | lead | admin | bot */
  source_author_type: string;
  source_author_id: string;
  source_redacted: Bool;
  source_url: string | null;
  /** JSON array of part_attachment objects. */
  source_attachments: string;
  first_contact_reply_type: string | null;
  first_contact_reply_url: string | null;
  ticket_type_id: string | null;
  ticket_state: string | null;
  /** Intercom's human ticket number (`ticket_id` on the wire). */
  ticket_number: string | null;
  /** JSON object text. */
  ticket_attributes: string;
  ticket_category: string | null;
  is_shared: Bool | null;
  created_at: number;
  updated_at: number;
  first_contact_reply_at: number | null;
  first_assignment_at: number | null;
  first_admin_reply_at: number | null;
  first_close_at: number | null;
  last_assignment_at: number | null;
  last_assignment_admin_reply_at: number | null;
  last_contact_reply_at: number | null;
  last_admin_reply_at: number | null;
  last_close_at: number | null;
  last_closed_by_id: string | null;
  count_reopens: number;
  count_assignments: number;
  count_conversation_parts: number;
  /** JSON array of seconds. */
  reply_times: string;
  median_time_to_reply: number | null;
  /** Migration 0022: the source body's folded words, " word word " (search). */
  source_words: string;
  /** Migration 0025: this row's key in SQLite's full-text index of source words, unique across workspaces. */
  search_rowid: number;
}

export interface ConversationPartsTable {
  workspace_id: string;
  id: number;
  conversation_id: number;
  part_type: string;
  body: string | null;
  /** user | lead | admin | bot | team */
  author_type: string;
  author_id: string;
  assigned_to_type: string | null;
  assigned_to_id: string | null;
  redacted: Bool;
  external_id: string | null;
  /** JSON array of part_attachment objects. */
  attachments: string;
  ticket_state: string | null;
  previous_ticket_state: string | null;
  notified_at: number;
  created_at: number;
  updated_at: number;
}

export interface ConversationContactsTable {
  workspace_id: string;
  conversation_id: number;
  contact_id: string;
  added_at: number;
}

export interface ConversationTagsTable {
  workspace_id: string;
  conversation_id: number;
  tag_id: number;
  applied_at: number;
  applied_by: number | null;
}

export interface DataEventsTable {
  workspace_id: string;
  id: number;
  contact_id: string;
  event_name: string;
  created_at: number;
  /** JSON object text, keys in the order they were sent. */
  metadata: string;
}

export interface DataEventSummariesTable {
  workspace_id: string;
  contact_id: string;
  event_name: string;
  count: number;
  first: number;
  last: number;
}

export interface VisitorsTable {
  workspace_id: string;
  /** 24-hex, Intercom's id; a contact converted from the visitor keeps it. */
  id: string;
  /** The Messenger's uuid for the visitor, unique in the workspace. */
  user_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  pseudonym: string;
  /** JSON object text. */
  custom_attributes: string;
  created_at: number;
  updated_at: number;
}

export interface CompanyTagsTable {
  workspace_id: string;
  company_id: string;
  tag_id: number;
  applied_at: number;
}

/** Migration 0018: a workspace's clock setting, shared by every process on the database. */
export interface WorkspaceClocksTable {
  workspace_id: string;
  /** Grows with every change (from the id sequence). */
  revision: number;
  offset_seconds: number;
  frozen_at: number | null;
  updated_at: number;
}
/** Migration 0018: an injected failure or latency. */
export interface WorkspaceFaultsTable {
  workspace_id: string;
  id: number;
  /** null: every operation. */
  operation_id: string | null;
  /** null: latency only, then the real answer. */
  status: number | null;
  latency_ms: number;
  /** Calls still to fail; null: until removed. */
  remaining: number | null;
  probability: number;
  created_at: number;
}
/** Migration 0018: one API request of the journal. */
export interface RequestJournalTable {
  workspace_id: string;
  id: number;
  created_at: number;
  request_id: string;
  method: string;
  path: string;
  operation_id: string | null;
  status: number;
  duration_ms: number;
  request_body: string | null;
  response_body: string | null;
  bytes: number;
}

/** Migration 0015: newsfeeds, news items and their assignments to newsfeeds. */
export interface NewsfeedsTable {
  workspace_id: string;
  id: number;
  name: string;
  created_at: number;
  updated_at: number;
}
export interface NewsItemsTable {
  workspace_id: string;
  id: number;
  title: string;
  body: string;
  sender_id: number;
  /** draft | live */
  state: string;
  /** JSON array of label names, sorted. */
  labels: string;
  /** JSON array of emoji (or nulls); empty when reactions are off. */
  reactions: string;
  deliver_silently: Bool;
  created_at: number;
  updated_at: number;
}
export interface NewsItemAssignmentsTable {
  workspace_id: string;
  news_item_id: number;
  newsfeed_id: number;
  /** Null while the item is a draft. */
  published_at: number | null;
}

/** Migration 0016: phone switch redirects. */
export interface PhoneCallRedirectsTable {
  workspace_id: string;
  /** A uuid: the Messenger link's last segment. */
  id: string;
  /** E.164. */
  phone: string;
  /** JSON object text. */
  custom_attributes: string;
  created_at: number;
}

/** Migration 0017: message data exports and their gzipped CSV, in pieces. */
export interface DataExportsTable {
  workspace_id: string;
  /** 16 lowercase letters and digits (Intercom's job_identifier). */
  id: string;
  /** pending | in_progress | completed | no_data | failed | canceled */
  status: string;
  created_at_after: number;
  created_at_before: number;
  /** The runner working on it (or that completed it), and until when its claim holds. */
  runner: string | null;
  lease_until: number | null;
  row_count: number | null;
  byte_size: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  expires_at: number | null;
}
export interface DataExportChunksTable {
  workspace_id: string;
  export_id: string;
  runner: string;
  seq: number;
  data: Uint8Array;
}
