import type { Db } from '../../db/database.js';
import type { ContactSubscriptionsTable, SubscriptionTypesTable } from '../../db/schema.js';

export async function listTypes(db: Db, workspaceId: string): Promise<SubscriptionTypesTable[]> {
  return db.selectFrom('subscription_types').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

export async function findType(db: Db, workspaceId: string, id: number): Promise<SubscriptionTypesTable | undefined> {
  return db
    .selectFrom('subscription_types')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The subscription types a contact made an explicit choice about, with that choice. */
export async function typesChosenBy(
  db: Db,
  workspaceId: string,
  contactId: string,
): Promise<(SubscriptionTypesTable & { consent: ContactSubscriptionsTable['consent'] })[]> {
  return db
    .selectFrom('contact_subscriptions as cs')
    .innerJoin('subscription_types as st', (j) =>
      j.onRef('st.workspace_id', '=', 'cs.workspace_id').onRef('st.id', '=', 'cs.subscription_type_id'),
    )
    .selectAll('st')
    .select('cs.consent')
    .where('cs.workspace_id', '=', workspaceId)
    .where('cs.contact_id', '=', contactId)
    .orderBy('st.id')
    .execute();
}

/** Records (or replaces) a contact's choice about one subscription type. */
export async function setChoice(db: Db, row: ContactSubscriptionsTable): Promise<void> {
  await db
    .insertInto('contact_subscriptions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'contact_id', 'subscription_type_id']).doUpdateSet({ consent: row.consent, created_at: row.created_at }),
    )
    .execute();
}

export async function clearChoice(db: Db, workspaceId: string, contactId: string, typeId: number): Promise<void> {
  await db
    .deleteFrom('contact_subscriptions')
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where('subscription_type_id', '=', typeId)
    .execute();
}
