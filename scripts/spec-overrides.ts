/**
 * Corrections applied to Intercom's 2.11 OpenAPI document before anything is generated from it.
 * Each entry names what is wrong in the published document and why the change is right.
 * The document is a plain parsed YAML object; every function mutates it in place.
 */
type Doc = Record<string, any>;

export interface Override {
  reason: string;
  apply(doc: Doc): void;
}

const schemas = (doc: Doc) => doc.components.schemas as Record<string, any>;

function operation(doc: Doc, method: string, path: string) {
  const op = doc.paths?.[path]?.[method];
  if (!op) throw new Error(`override targets a missing operation: ${method.toUpperCase()} ${path}`);
  return op;
}

export const overrides: Override[] = [
  {
    reason:
      '`#/components/schemas/custom_attributes` is referenced by conversation schemas but never defined. ' +
      'It is a free-form map of attribute name to value.',
    apply(doc) {
      schemas(doc).custom_attributes ??= { type: 'object', additionalProperties: true };
    },
  },
  {
    reason:
      '`create_conversation_request.from.id` is declared `format: uuid`, but contact ids are 24-hex strings ' +
      '(the spec\'s own example fails the format).',
    apply(doc) {
      const id = schemas(doc).create_conversation_request?.properties?.from?.properties?.id;
      if (id) delete id.format;
    },
  },
  {
    reason:
      'POST /messages: the official SDK sends `message_type: "inapp"`; the enum lists only `in_app` and `email`.',
    apply(doc) {
      const messageType = schemas(doc).create_message_request?.properties?.message_type;
      if (messageType?.enum && !messageType.enum.includes('inapp')) messageType.enum.push('inapp');
    },
  },
  {
    reason:
      'POST /tags: the body is a `oneOf` whose branches overlap (a body with `companies` matches two), so strict ' +
      'validation rejects valid requests. The handler picks the branch from the keys present.',
    apply(doc) {
      const content = operation(doc, 'post', '/tags').requestBody.content['application/json'];
      content.schema = {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          id: { type: 'string' },
          companies: {
            type: 'array',
            items: {
              type: 'object',
              properties: { id: { type: 'string' }, company_id: { type: 'string' }, untag: { type: 'boolean' } },
            },
          },
          users: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        },
      };
    },
  },
  {
    reason:
      'GET /events: the `filter` query parameter is an exploded `oneOf` that validators reject; its members ' +
      '(`user_id`, `intercom_user_id`, `email`) are read as plain query parameters instead.',
    apply(doc) {
      const op = operation(doc, 'get', '/events');
      op.parameters = op.parameters.filter((p: any) => p.name !== 'filter');
      for (const name of ['user_id', 'intercom_user_id', 'email']) {
        op.parameters.push({ name, in: 'query', required: false, schema: { type: 'string' } });
      }
    },
  },
  {
    reason:
      'Contact sub-lists (`addressable_list`, `contact_tags`/`_notes`/`_companies`/`_subscription_types`, ' +
      '`contact_company`) declare `format: uri` on `type` ("tag") and on relative urls ("/contacts/<id>/tags"), ' +
      'which is what Intercom sends and the spec\'s own examples show. `type` is a plain string; urls are uri-references.',
    apply(doc) {
      const all = schemas(doc);
      delete all.addressable_list?.properties?.type?.format;
      for (const name of ['addressable_list', 'contact_tags', 'contact_notes', 'contact_companies', 'contact_subscription_types', 'contact_company']) {
        const url = all[name]?.properties?.url;
        if (url?.format === 'uri') url.format = 'uri-reference';
      }
    },
  },
  {
    reason:
      'Search filters: `value` is a `oneOf` of string, integer, boolean, string[] and integer[]. Intercom also takes ' +
      'decimals (`custom_attributes.price > 9.5`), and an empty array matches both array branches, so `oneOf` rejects ' +
      'it. The search engine checks every value against its field\'s type; the schema only rules out objects.',
    apply(doc) {
      const filter = schemas(doc).single_filter_search_request;
      filter.properties.value = {
        nullable: true,
        anyOf: [
          { type: 'string' },
          { type: 'number' },
          { type: 'boolean' },
          { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
        ],
      };
    },
  },
  {
    reason:
      'PUT /companies/{company_id} declares no request body, but it updates the company from the same fields as ' +
      'POST /companies (Intercom\'s docs and clients send them; `company_id` cannot change). Company ' +
      '`custom_attributes` declare string values only, while Intercom\'s own example sends booleans and numbers ' +
      '(integer, float, boolean and date attributes): values are checked against the data attributes instead. ' +
      '`monthly_spend` is declared an integer while its description says floats are truncated (155.98 → 155). ' +
      '`pages_link.next` (GET /contacts/{id}/companies) is a relative url like every other url this server sends: a uri-reference.',
    apply(doc) {
      const all = schemas(doc);
      operation(doc, 'put', '/companies/{company_id}').requestBody = {
        content: { 'application/json': { schema: { $ref: '#/components/schemas/create_or_update_company_request' } } },
      };
      const free = { type: 'object', additionalProperties: true };
      all.create_or_update_company_request.properties.custom_attributes = { ...free, description: 'Company custom attributes.' };
      all.company.properties.custom_attributes = { ...free, description: 'Company custom attributes.' };
      all.create_or_update_company_request.properties.monthly_spend.type = 'number';
      all.pages_link.properties.next.format = 'uri-reference';
    },
  },
  {
    reason:
      'GET /companies answers one company for `company_id` or `name` (Intercom does; the official SDK types the ' +
      'answer `company | company_list`) and a page list otherwise, but its 200 declares the list only.',
    apply(doc) {
      const ok = operation(doc, 'get', '/companies').responses['200'].content['application/json'];
      ok.schema = { oneOf: [{ $ref: '#/components/schemas/company' }, { $ref: '#/components/schemas/company_list' }] };
    },
  },
  {
    reason:
      'GET /companies/scroll: at the end of a scroll Intercom answers `scroll_param: null` (the official SDK scrolls ' +
      'while it is set), which the schema\'s plain string does not allow.',
    apply(doc) {
      schemas(doc).company_scroll.properties.scroll_param.nullable = true;
    },
  },
  {
    reason:
      'Help center content: the per-locale objects of `translated_content` in requests declare every field required ' +
      '(`type`, `title`, `description`, `body`, `author_id`, `state`; `name`, `description` for collections), yet the ' +
      'spec\'s own createArticle example sends a translation without `type`, and an update changes only what it sends. ' +
      'Requests take them as partial objects. createArticle requires `title` and `author_id` at the top level while Intercom ' +
      'also takes them from the default locale\'s translated content (its 400 says "author_id must be in the main body or ' +
      'default locale translated_content object"): the handler checks them. updateArticle declares `parent_id` a string ' +
      'while createArticle declares an integer and articles show one: either is accepted, and null takes the article out ' +
      'of its collection. A collection without `name` is answered with Intercom\'s own message ("Name is a required ' +
      'parameter."), given by the handler.',
    apply(doc) {
      const all = schemas(doc);
      const partial = (name: string) => {
        const copy = structuredClone(all[name]);
        delete copy.required;
        for (const [key, ref] of Object.entries<any>(copy.properties)) {
          if (ref.$ref) copy.properties[key] = { $ref: `${ref.$ref}_request` };
        }
        return copy;
      };
      for (const [container, content] of [['article_translated_content', 'article_content'], ['group_translated_content', 'group_content']]) {
        all[`${content}_request`] = { ...structuredClone(all[content]), required: [] };
        all[`${container}_request`] = partial(container);
      }
      for (const name of ['create_article_request', 'update_article_request_body']) {
        all[name].properties.translated_content = { $ref: '#/components/schemas/article_translated_content_request' };
      }
      for (const name of ['create_collection_request', 'update_collection_request']) {
        all[name].properties.translated_content = { nullable: true, $ref: '#/components/schemas/group_translated_content_request' };
      }
      all.create_article_request.required = [];
      all.create_collection_request.required = [];
      all.update_article_request_body.properties.parent_id = { nullable: true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    },
  },
  {
    reason:
      'Conversation part and source authors declare a required `email` in `format: email`, but a lead (or a visitor ' +
      'turned lead) who wrote a message often has no email: the author then has none, shown as null.',
    apply(doc) {
      schemas(doc).conversation_part_author.properties.email.nullable = true;
    },
  },
  {
    reason:
      'GET /articles/search answers `pages` (page, per_page, total_pages) but declares no way to ask for another page: ' +
      'it takes `page` and `per_page` like the other help center lists.',
    apply(doc) {
      const op = operation(doc, 'get', '/articles/search');
      op.parameters.push(
        { name: 'page', in: 'query', required: false, schema: { type: 'integer' } },
        { name: 'per_page', in: 'query', required: false, schema: { type: 'integer' } },
      );
    },
  },
  {
    reason:
      'POST /messages: a message `from` a contact (a user or lead, behaviour §9/§11: it answers a `user_message` with ' +
      'its conversation) names the contact by its 24-hex id and has no `to`, but `from.id` is declared an integer ' +
      '(an admin id) and both `anyOf` branches require `to`. Ids are integers or strings, and a contact message needs no `to`.',
    apply(doc) {
      const request = schemas(doc).create_message_request;
      request.properties.from.properties.id = { oneOf: [{ type: 'integer' }, { type: 'string' }] };
      request.anyOf.push({ required: ['body', 'from'], properties: { from: { properties: { type: { enum: ['lead', 'user', 'contact'] } } } } });
    },
  },
  {
    reason:
      'Data event `metadata` declares string values only, while the same operation\'s text lists numbers, dates ' +
      '(keys ending `_date`, unix seconds), links, rich links `{url, value}` and money `{amount, currency}`: values ' +
      'are checked by those rules instead. GET /events without `summary=true` answers the event list ' +
      '(`data_event_list`, whose `pages.next` carries a `before` cursor), but the 200 declares only the summary; ' +
      'the summary\'s `email` and `user_id` are null for a contact that has none.',
    apply(doc) {
      const all = schemas(doc);
      const free = { type: 'object', additionalProperties: true };
      all.create_data_event_request.properties.metadata = { ...free, description: 'Event metadata.' };
      all.data_event.properties.metadata = { ...free, description: 'Event metadata.' };
      all.data_event_summary.properties.email.nullable = true;
      all.data_event_summary.properties.user_id.nullable = true;
      const op = operation(doc, 'get', '/events');
      op.parameters.push({ name: 'before', in: 'query', required: false, schema: { type: 'string' } });
      const ok = op.responses['200'].content['application/json'];
      ok.schema = { oneOf: [{ $ref: '#/components/schemas/data_event_summary' }, { $ref: '#/components/schemas/data_event_list' }] };
    },
  },
  {
    reason:
      'PUT /tickets/{ticket_id}: the 404 (`assignee_not_found`, with two error.list examples) declares its content ' +
      'without a schema. It is the `error` schema, as every other error answer.',
    apply(doc) {
      const missing = operation(doc, 'put', '/tickets/{ticket_id}').responses['404'].content['application/json'];
      missing.schema ??= { $ref: '#/components/schemas/error' };
    },
  },
  {
    reason:
      'Ticket part authors declare a required `email` in `format: email`, but, as on conversation parts, a contact ' +
      'who wrote on a ticket may have no email: the author then has none, shown as null.',
    apply(doc) {
      schemas(doc).ticket_part_author.properties.email.nullable = true;
    },
  },
  {
    reason:
      'Visitors: `email` is declared `format: email`, but a visitor without one shows `""` (the spec\'s own examples). ' +
      '`custom_attributes` (visitor and PUT /visitors) declare string values only, while visitors take the contact ' +
      'data attributes of every type (the request example sends a boolean and numbers).',
    apply(doc) {
      const all = schemas(doc);
      const free = { type: 'object', additionalProperties: true };
      delete all.visitor.properties.email.format;
      all.visitor.properties.custom_attributes = { ...free, description: 'Custom attributes.' };
      all.update_visitor_request.properties.custom_attributes = { ...free, description: 'Custom attributes.' };
    },
  },
  {
    reason:
      'News lists (GET /news/news_items, /news/newsfeeds, /news/newsfeeds/{id}/items) answer page-number pages ' +
      '(`pages.page`, `per_page`, `total_pages` in the examples) but declare no `page` or `per_page` parameter to ask ' +
      'for the next one.',
    apply(doc) {
      for (const path of ['/news/news_items', '/news/newsfeeds', '/news/newsfeeds/{newsfeed_id}/items']) {
        const op = operation(doc, 'get', path);
        op.parameters.push(
          { name: 'page', in: 'query', required: false, schema: { type: 'integer' } },
          { name: 'per_page', in: 'query', required: false, schema: { type: 'integer' } },
        );
      }
    },
  },
  {
    reason:
      '`newsfeed_assignment.published_at` is ignored on write while a news item is a draft, so a draft\'s assignment ' +
      'has no publish date yet: it is null until the item goes live (and a null on write means "now").',
    apply(doc) {
      schemas(doc).newsfeed_assignment.properties.published_at.nullable = true;
    },
  },
  {
    reason:
      'POST /phone_call_redirects: the 200 example carries the Messenger link as `url`, which the schema does not ' +
      'declare; its 400 and 422 examples are bodies of their own shape, `{error_key, message}` (not `error.list`), ' +
      'for which no schema is declared.',
    apply(doc) {
      const all = schemas(doc);
      all.phone_switch.properties.url = { type: 'string', format: 'uri' };
      all.phone_switch_error = {
        type: 'object',
        required: ['error_key'],
        properties: { error_key: { type: 'string' }, message: { type: 'string' } },
      };
      const responses = operation(doc, 'post', '/phone_call_redirects').responses;
      for (const status of ['400', '422']) {
        responses[status].content['application/json'].schema = { $ref: '#/components/schemas/phone_switch_error' };
      }
    },
  },
];
