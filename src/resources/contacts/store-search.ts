/**
 * The contact search fields (behaviour §5) and segment evaluation: the field map SearchContacts is
 * defined with (handlers.ts), and the predicate segments evaluate. Contacts are queried as table
 * alias `c`; `tag_id` and `segment_id` compile to sub-queries; `custom_attributes.<name>` is typed
 * by the workspace's data attribute of that name.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Ctx } from '../../core/context.js';
import { isHexId } from '../../core/ids.js';
import { Scope, scopedPreparedQuery } from '../../core/scope.js';
import { ciText, foldCase, jsonContains, jsonValue } from '../../db/dialect.js';
import type { DataAttributesTable, SegmentsTable } from '../../db/schema.js';
import { compileQuery } from '../../search/compile.js';
import { compileContext } from '../../search/define.js';
import { parseQuery } from '../../search/parse.js';
import type { ColumnField, CompileContext, CustomField, FieldDef, FieldResolver, FieldType, StoredRuleDepth } from '../../search/types.js';

/** The alias contacts have in every search and segment query. */
export const CONTACT_ALIAS = 'c';

const FALSE = sql<SqlBool>`(1 = 0)`;

const col = (type: FieldType, column: string, extra: Partial<ColumnField> = {}): ColumnField => ({
  kind: 'column',
  type,
  expr: () => sql.ref(`c.${column}`),
  ...extra,
});

const STRING_COLUMNS: Record<string, string> = {
  role: 'role', name: 'name', avatar: 'avatar', email: 'email', email_domain: 'email_domain', phone: 'phone',
  language_override: 'language_override', browser: 'browser', browser_version: 'browser_version',
  browser_language: 'browser_language', os: 'os',
  'location.country': 'location_country', 'location.region': 'location_region', 'location.city': 'location_city',
  ios_app_name: 'ios_app_name', ios_app_version: 'ios_app_version', ios_device: 'ios_device',
  ios_os_version: 'ios_os_version', ios_sdk_version: 'ios_sdk_version',
  android_app_name: 'android_app_name', android_app_version: 'android_app_version', android_device: 'android_device',
  android_os_version: 'android_os_version', android_sdk_version: 'android_sdk_version',
};
const DATE_COLUMNS = ['created_at', 'signed_up_at', 'updated_at', 'last_seen_at', 'last_contacted_at', 'last_replied_at',
  'last_email_opened_at', 'last_email_clicked_at', 'ios_last_seen_at', 'android_last_seen_at'];
const BOOLEAN_COLUMNS = ['unsubscribed_from_emails', 'marked_email_as_spam', 'has_hard_bounced'];
/** Fields with a search index (migrations 0002 and 0004); keep in step with them. */
const INDEXED = new Set(['email', 'name', 'email_domain', 'phone', 'location.country', 'location.city', 'role',
  'created_at', 'updated_at', 'signed_up_at', 'last_seen_at']);

/** The fixed contact fields. String matching is case-insensitive except on identifiers. */
export const CONTACT_FIELDS: Record<string, FieldDef> = {
  // Identifiers match exactly (case-sensitive).
  id: col('string', 'id', { caseInsensitive: false, notNull: true, indexed: true }),
  external_id: col('string', 'external_id', { caseInsensitive: false, indexed: true }),
  owner_id: col('integer', 'owner_id', { indexed: true }),
  ...Object.fromEntries(Object.entries(STRING_COLUMNS).map(([name, column]) => [name, col('string', column, { notNull: name === 'role', indexed: INDEXED.has(name) })])),
  ...Object.fromEntries(DATE_COLUMNS.map((name) => [name, col('date', name, { notNull: name === 'created_at' || name === 'updated_at', indexed: INDEXED.has(name) })])),
  ...Object.fromEntries(BOOLEAN_COLUMNS.map((name) => [name, col('boolean', name, { notNull: true })])),
  tag_id: {
    kind: 'custom',
    type: 'string',
    operators: ['=', '!='], // behaviour §5: tag_id only = / !=
    acceptsInteger: true,
    indexed: true,
    async matches(ctx, value) {
      if (!/^\d{1,15}$/.test(value)) return FALSE;
      // An uncorrelated IN lets both planners drive from the (workspace_id, tag_id, contact_id) index
      // instead of probing contact_tags once per contact.
      const tagged = ctx.scope.fromAs('contact_tags', 'ct').select('ct.contact_id').where('ct.tag_id', '=', Number(value));
      return sql<SqlBool>`(c.id IN ${tagged})`;
    },
  } satisfies CustomField,
  segment_id: {
    kind: 'custom',
    type: 'string',
    // Not determined: Intercom documents segment_id without its operators; = and != like tag_id.
    operators: ['=', '!='],
    async matches(ctx, value, depth) {
      if (depth.insideStoredRule || !isHexId(value)) return FALSE;
      // The segment's stored rule is a contact predicate: read here, where it is compiled.
      const segment = await ctx.scope.from('segments').selectAll().where('id', '=', value).executeTakeFirst();
      // An unknown segment matches no contact (and `!=` every contact).
      if (!segment) return FALSE;
      return segmentPredicate(ctx, segment, { insideStoredRule: true });
    },
  } satisfies CustomField,
};

/**
 * Company fields (`companies.id`, `companies.company_id`, `companies.name`): the spec and behaviour
 * reference list no company fields for contact search, and a contact may have many companies. A
 * careful reading of Intercom's model (a contact's `companies` sub-list): `=` matches contacts
 * attached to at least one company with that value, `!=` those attached to none (contacts with no
 * company included), as `tag_id` does for tags. Ids and company_ids match exactly; names ignore case.
 */
function companyField(match: (ctx: CompileContext, value: string) => RawBuilder<SqlBool> | undefined): CustomField {
  return {
    kind: 'custom',
    type: 'string',
    operators: ['=', '!='],
    async matches(ctx, value) {
      const condition = match(ctx, value);
      if (!condition) return FALSE;
      // Uncorrelated, like tag_id: the (workspace_id, company_id, contact_id) index drives it.
      const attached = ctx.scope
        .fromAs('contact_companies', 'cc')
        .innerJoin('companies as co', (j) => j.onRef('co.workspace_id', '=', 'cc.workspace_id').onRef('co.id', '=', 'cc.company_id'))
        .select('cc.contact_id')
        .where(condition);
      return sql<SqlBool>`(c.id IN ${attached})`;
    },
  };
}

const COMPANY_FIELDS: Record<string, FieldDef> = {
  'companies.id': companyField((_ctx, value) => (isHexId(value) ? sql<SqlBool>`(co.id = ${value})` : undefined)),
  'companies.company_id': companyField((_ctx, value) => sql<SqlBool>`(co.company_id = ${value})`),
  'companies.name': companyField((ctx, value) => sql<SqlBool>`(${ciText(ctx.engine, sql.ref('co.name'))} = ${foldCase(value)})`),
};

const CUSTOM_TYPES: Record<DataAttributesTable['data_type'], { field: FieldType; json: 'string' | 'number' | 'boolean' }> = {
  string: { field: 'string', json: 'string' },
  integer: { field: 'integer', json: 'number' },
  float: { field: 'float', json: 'number' },
  boolean: { field: 'boolean', json: 'boolean' },
  date: { field: 'date', json: 'number' },
};

/** Read on every contact search: prepared once. */
const liveContactAttributes = scopedPreparedQuery((s) =>
  s.from('data_attributes').select(['name', 'data_type']).where('model', '=', 'contact').where('archived', '=', 0),
);

/** The contact search fields, with custom attributes: live (not archived) contact attributes only. */
export async function contactFields(scope: Scope): Promise<FieldResolver> {
  const rows = await liveContactAttributes.all(scope, {});
  const custom = new Map(rows.map((r) => [r.name, r.data_type]));
  return (name) => {
    if (Object.hasOwn(CONTACT_FIELDS, name)) return CONTACT_FIELDS[name];
    if (Object.hasOwn(COMPANY_FIELDS, name)) return COMPANY_FIELDS[name];
    if (!name.startsWith('custom_attributes.')) return undefined;
    const key = name.slice('custom_attributes.'.length);
    const dataType = custom.get(key);
    if (!dataType) return undefined;
    const { field, json } = CUSTOM_TYPES[dataType];
    return {
      kind: 'column',
      type: field,
      computed: true,
      expr: (ctx: CompileContext) => jsonValue(ctx.engine, sql.ref('c.custom_attributes'), key, json),
      // Numbers and booleans compare exactly, so JSON containment can pre-select them (dates too:
      // their `=` is a day range, so no).
      containment: field === 'integer' || field === 'float' || field === 'boolean'
        ? (ctx: CompileContext, value: number | boolean) => jsonContains(ctx.engine, sql.ref('c.custom_attributes'), key, value)
        : undefined,
    } satisfies ColumnField;
  };
}

/** A compile context for contact predicates of the caller's workspace (segments evaluate with it). */
export async function contactCompileContext(ctx: Ctx): Promise<CompileContext> {
  const scope = new Scope(ctx.db, ctx.workspace.id);
  return compileContext(ctx, scope, await contactFields(scope));
}

/** The role a segment's person_type restricts to: "user" segments hold users, "contact" ones leads. */
export const roleOfPersonType = (personType: SegmentsTable['person_type']) => (personType === 'user' ? 'user' : 'lead');

/**
 * A segment's membership predicate over contacts as `c`: its stored rule (relative dates resolved
 * against ctx.now) AND the role its person_type implies. Segments never reference segments. Never
 * NULL, so it can be selected as a column as well as used as a condition.
 */
export async function segmentPredicate(ctx: CompileContext, segment: SegmentsTable, depth: StoredRuleDepth = { insideStoredRule: true }): Promise<RawBuilder<SqlBool>> {
  const rule = JSON.parse(segment.query) as unknown;
  const role = sql<SqlBool>`(c.role = ${roleOfPersonType(segment.person_type)})`;
  if (rule === null) return role;
  let compiled: RawBuilder<SqlBool>;
  try {
    compiled = await compileQuery(parseQuery(rule, ctx.fields, { allowRelativeDates: true }), ctx, depth);
  } catch {
    // A rule that no longer parses (e.g. its custom attribute was archived) matches nobody.
    return FALSE;
  }
  return sql<SqlBool>`(${role} AND ${compiled})`;
}
