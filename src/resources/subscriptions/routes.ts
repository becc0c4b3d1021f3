import type { Db } from '../../db/database.js';
import { badRequest, notFound } from '../../errors.js';
import type { Handlers } from '../../core/context.js';
import { numericId } from '../../core/ids.js';
import { loadContact } from '../contacts/routes.js';
import * as store from './store.js';
import { subscriptionTypeWire } from './wire.js';

const subscriptionNotFound = () => notFound('Resource Not Found');

export const subscriptionHandlers: Handlers = {
  async listSubscriptionTypes(ctx) {
    const rows = await store.listTypes(ctx.db, ctx.workspace.id);
    return { type: 'list', data: rows.map(subscriptionTypeWire) };
  },

  /** Only the types the contact made an explicit choice about (behaviour §8). */
  async listSubscriptionsForAContact(ctx, { params }) {
    const contact = await loadContact(ctx.db, ctx.workspace.id, params.contact_id);
    const rows = await store.typesChosenBy(ctx.db, ctx.workspace.id, contact.id);
    return { type: 'list', data: rows.map(subscriptionTypeWire) };
  },

  /**
   * Attaching an opt-out type opts the contact out of it; attaching an opt-in type opts the contact in.
   * Decision: `consent_type` in the body must be the type's own consent type; anything else is a 400
   * (the spec only says it is "opt_out or opt_in") and nothing changes.
   */
  async attachSubscriptionTypeToContact(ctx, { params, body }) {
    const ws = ctx.workspace.id;
    return (async (trx: Db) => {
      const contact = await loadContact(trx, ws, params.contact_id);
      const id = numericId(body.id);
      const type = id === undefined ? undefined : await store.findType(trx, ws, id);
      if (!type || type.state === 'archived') throw subscriptionNotFound();
      if (body.consent_type !== 'opt_in' && body.consent_type !== 'opt_out') {
        throw badRequest('consent_type must be one of: opt_in, opt_out', 'parameter_invalid', 'consent_type');
      }
      if (body.consent_type !== type.consent_type) {
        throw badRequest(`consent_type does not match the subscription type, which is ${type.consent_type}`, 'parameter_invalid', 'consent_type');
      }
      await store.setChoice(trx, {
        workspace_id: ws,
        contact_id: contact.id,
        subscription_type_id: Number(type.id),
        consent: type.consent_type,
        created_at: ctx.clock.now(),
      });
      return subscriptionTypeWire(type);
    })(ctx.db);
  },

  /** Removes the contact's explicit choice: the type's default applies again. Idempotent. */
  async detachSubscriptionTypeToContact(ctx, { params }) {
    const ws = ctx.workspace.id;
    return (async (trx: Db) => {
      const contact = await loadContact(trx, ws, params.contact_id);
      const id = numericId(params.subscription_id);
      const type = id === undefined ? undefined : await store.findType(trx, ws, id);
      if (!type) throw subscriptionNotFound();
      await store.clearChoice(trx, ws, contact.id, Number(type.id));
      return subscriptionTypeWire(type);
    })(ctx.db);
  },
};
