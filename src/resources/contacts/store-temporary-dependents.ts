/**
 * TODO(port): moves to notes/subscriptions index.ts (and their stores). Until notes and subscriptions
 * register their own contact dependents, these keep MergeContact moving the lead's notes and
 * subscription choices to the user. Registered by contacts' index.ts under the same names, so a
 * second registration by notes or subscriptions fails at start-up instead of moving things twice.
 */
import type { ContactDependent } from './dependents.js';

export const temporaryDependents: ContactDependent[] = [
  {
    name: 'notes',
    async onMerge(s, fromId, intoId) {
      await s.update('notes').set({ contact_id: intoId }).where('contact_id', '=', fromId).execute();
    },
  },
  {
    name: 'subscriptions',
    // The lead's choices the user has not made itself.
    async onMerge(s, fromId, intoId) {
      const choices = await s.from('contact_subscriptions').selectAll().where('contact_id', '=', fromId).execute();
      if (choices.length === 0) return;
      await s
        .insert('contact_subscriptions', choices.map(({ workspace_id: _, ...c }) => ({ ...c, contact_id: intoId })))
        .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'subscription_type_id']).doNothing())
        .execute();
    },
  },
];
