/** Subscription types: listSubscriptionTypes, and a contact's choices (list, attach, detach). */
import type { Handlers } from '../../core/context.js';
import { badRequest } from '../../errors.js';
import { contacts } from '../contacts/public.js';
import { subscriptionTypes, type Consent } from './store.js';
import { subscriptionNotFound, subscriptionTypeWire } from './wire.js';

const isConsent = (value: string): value is Consent => value === 'opt_in' || value === 'opt_out';

export const subscriptionHandlers: Handlers = {
  async listSubscriptionTypes(ctx) {
    return { type: 'list', data: (await subscriptionTypes(ctx).list()).map(subscriptionTypeWire) };
  },

  /** Only the types the contact made an explicit choice about (behaviour §8). */
  async listSubscriptionsForAContact(ctx, { params }) {
    const contact = await contacts(ctx).require(params.contact_id);
    return { type: 'list', data: (await subscriptionTypes(ctx).chosenBy(contact.id)).map(subscriptionTypeWire) };
  },

  /**
   * Records the contact's explicit choice, as given: `consent_type` opt_in opts the contact in,
   * opt_out opts it out, whatever the type's own consent type (which only says what applies to a
   * contact that made no choice). Intercom documents no rule tying the two, and the official SDK's
   * own usage attaches the first listed type (an opt-out one) with `opt_in`. Archived types cannot
   * be chosen (404, as unknown).
   */
  async attachSubscriptionTypeToContact(ctx, { params, body }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const type = await subscriptionTypes(ctx).require(body.id);
    if (type.state === 'archived') throw subscriptionNotFound();
    const consent = body.consent_type;
    if (!isConsent(consent)) throw badRequest('consent_type must be one of: opt_in, opt_out', 'parameter_invalid', 'consent_type');
    await subscriptionTypes(ctx).choose(contact.id, type.id, consent, ctx.clock.now());
    return subscriptionTypeWire(type);
  },

  /** Removes the contact's explicit choice: the type's default applies again. Idempotent. */
  async detachSubscriptionTypeToContact(ctx, { params }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const type = await subscriptionTypes(ctx).require(params.subscription_id);
    await subscriptionTypes(ctx).forget(contact.id, type.id);
    return subscriptionTypeWire(type);
  },
};
