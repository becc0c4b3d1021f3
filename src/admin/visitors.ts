/**
 * `POST /_admin/visitors`: makes a visitor, as Intercom's Messenger does when someone browses a site
 * that runs it. This server has no Messenger, so without this the visitor operations (GET and PUT
 * /visitors, POST /visitors/convert) would have nothing to work on.
 */
import { badRequest } from '../errors.js';
import { createVisitor, type NewVisitor } from '../resources/visitors/public.js';
import type { AdminHandler } from './webhooks.js';

export const createVisitorRoute: AdminHandler = async (ctx, { body }) => {
  const input = body === undefined || body === null ? {} : body;
  if (typeof input !== 'object' || Array.isArray(input)) throw badRequest('The body must be a JSON object', 'bad_request');
  return createVisitor(ctx, input as NewVisitor);
};
