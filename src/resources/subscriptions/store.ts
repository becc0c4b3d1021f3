/** Subscription types of one workspace, and contacts' explicit choices about them. */
import { numericId } from '../../core/ids.js';
import { defineStore, type NewRow, requireRow } from '../../core/scope.js';
import type { ContactSubscriptionsTable, SubscriptionTypesTable } from '../../db/schema.js';
import { subscriptionNotFound } from './wire.js';

export type Consent = ContactSubscriptionsTable['consent'];

export const subscriptionTypes = defineStore((s) => {
  const store = {
    list: (): Promise<SubscriptionTypesTable[]> => s.from('subscription_types').selectAll().orderBy('id').execute(),

    find: (id: number): Promise<SubscriptionTypesTable | undefined> =>
      s.from('subscription_types').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The subscription type a request names, or Intercom's 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<SubscriptionTypesTable> => requireRow(rawId, numericId, store.find, subscriptionNotFound),

    /** Adds subscription types (seeding) with fresh ids, in the order given. */
    async insert(rows: Omit<NewRow<'subscription_types'>, 'id'>[]): Promise<void> {
      const ids = await s.nextIds(rows.length);
      await s.insert('subscription_types', rows.map((row, i) => ({ ...row, id: ids[i] }))).execute();
    },

    /** The subscription types a contact made an explicit choice about, by id. */
    chosenBy: (contactId: string): Promise<SubscriptionTypesTable[]> =>
      s
        .fromAs('contact_subscriptions', 'cs')
        .innerJoin('subscription_types as st', (j) => j.onRef('st.workspace_id', '=', 'cs.workspace_id').onRef('st.id', '=', 'cs.subscription_type_id'))
        .selectAll('st')
        .where('cs.contact_id', '=', contactId)
        .orderBy('st.id')
        .execute(),

    /** Records (or replaces) a contact's choice about one subscription type. */
    async choose(contactId: string, typeId: number, consent: Consent, now: number): Promise<void> {
      await s
        .insert('contact_subscriptions', { contact_id: contactId, subscription_type_id: typeId, consent, created_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'subscription_type_id']).doUpdateSet({ consent, created_at: now }))
        .execute();
    },

    /** Forgets a contact's choice: the type's default applies again. */
    async forget(contactId: string, typeId: number): Promise<void> {
      await s.delete('contact_subscriptions').where('contact_id', '=', contactId).where('subscription_type_id', '=', typeId).execute();
    },

    /** Merge: `fromId`'s choices that `intoId` has not made become `intoId`'s (idempotent). */
    async copyChoices(fromId: string, intoId: string): Promise<void> {
      const rows = await s.from('contact_subscriptions').select(['subscription_type_id', 'consent', 'created_at']).where('contact_id', '=', fromId).execute();
      if (rows.length === 0) return;
      await s
        .insert('contact_subscriptions', rows.map((row) => ({ ...row, contact_id: intoId })))
        .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'subscription_type_id']).doNothing())
        .execute();
    },
  };
  return store;
});
