/** Data events of one workspace's contacts, and their per-name summaries. */
import { sql } from 'kysely';
import { defineStore } from '../../core/scope.js';
import type { DataEventSummariesTable, DataEventsTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';

/** Where a page of a contact's events starts: strictly before this (created_at, id), newest first. */
export interface EventCursor {
  createdAt: number;
  id: number;
}

export const dataEvents = defineStore((s) => {
  /** Adds `count` occurrences between `first` and `last` to a contact's summary of `name`. */
  async function addToSummary(contactId: string, name: string, count: number, first: number, last: number): Promise<void> {
    await s
      .insert('data_event_summaries', { contact_id: contactId, event_name: name, count, first, last })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'contact_id', 'event_name']).doUpdateSet({
          count: sql`data_event_summaries.count + ${count}`,
          first: sql`CASE WHEN data_event_summaries.first < ${first} THEN data_event_summaries.first ELSE ${first} END`,
          last: sql`CASE WHEN data_event_summaries.last > ${last} THEN data_event_summaries.last ELSE ${last} END`,
        }),
      )
      .execute();
  }

  const store = {
    /**
     * Records an event and counts it in the contact's summary; undefined when the contact already
     * has an event of this name at this `created_at` (Intercom's duplicate, silently dropped).
     */
    async record(event: Omit<DataEventsTable, 'workspace_id' | 'id'>): Promise<DataEventsTable | undefined> {
      const row = { ...event, id: await s.nextId() };
      const inserted = await s
        .insert('data_events', row)
        .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'event_name', 'created_at']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      await addToSummary(event.contact_id, event.event_name, 1, event.created_at, event.created_at);
      return { ...row, workspace_id: s.workspaceId };
    },

    addToSummary,

    /** A contact's events since `since`, newest first, before the cursor when given. */
    page(contactId: string, options: { since: number; before?: EventCursor; limit: number }): Promise<DataEventsTable[]> {
      let query = s.from('data_events').selectAll().where('contact_id', '=', contactId).where('created_at', '>=', options.since);
      if (options.before) {
        const { createdAt, id } = options.before;
        query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
      }
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(sqlLimit(options.limit)).execute();
    },

    /** A contact's summaries, by event name. */
    summaries: (contactId: string): Promise<DataEventSummariesTable[]> =>
      s.from('data_event_summaries').selectAll().where('contact_id', '=', contactId).orderBy('event_name').execute(),

    /**
     * Merge: lead `fromId`'s events and summaries join user `intoId`'s (an event the user already has,
     * same name and time, stays once); the lead's own rows then go with it, by cascade.
     */
    async moveToContact(fromId: string, intoId: string): Promise<void> {
      const events = await s.from('data_events').selectAll().where('contact_id', '=', fromId).execute();
      if (events.length > 0) {
        const ids = await s.nextIds(events.length);
        await s
          .insert('data_events', events.map(({ workspace_id: _, ...e }, i) => ({ ...e, id: ids[i], contact_id: intoId })))
          .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'event_name', 'created_at']).doNothing())
          .execute();
      }
      for (const summary of await store.summaries(fromId)) {
        await addToSummary(intoId, summary.event_name, Number(summary.count), Number(summary.first), Number(summary.last));
      }
    },
  };
  return store;
});
