/**
 * The one migration set, shared by both engines. Add a file `NNNN-name.ts` exporting `up(db)`
 * and list it below; never edit a migration that has shipped.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db, Engine } from '../database.js';
import * as foundation from './0001-foundation.js';
import * as contacts from './0002-contacts.js';
import * as contactSubscriptions from './0003-contact-subscriptions.js';
import * as dataAttributesSegments from './0004-data-attributes-segments.js';
import * as contactCounts from './0005-contact-counts.js';
import * as eventsJobs from './0006-events-jobs.js';
import * as unicodeFolding from './0007-unicode-folding.js';
import * as companies from './0008-companies.js';
import * as webhooks from './0009-webhooks.js';
import * as companyScrolls from './0010-company-scrolls.js';
import * as conversations from './0011-conversations.js';
import * as ticketTypes from './0012-ticket-types.js';
import * as helpCenter from './0014-help-center.js';
import * as news from './0015-news.js';
import * as phoneSwitch from './0016-phone-switch.js';
import * as dataExports from './0017-data-exports.js';
import * as controls from './0018-controls.js';
import * as dataEvents from './0019-data-events.js';
import * as visitors from './0020-visitors.js';
import * as companyTags from './0021-company-tags.js';
import * as conversationSourceWords from './0022-conversation-source-words.js';
import * as webhookDeliveries from './0024-webhook-deliveries.js';
import * as conversationCountsSearch from './0025-conversation-counts-search.js';
import * as journalSizes from './0026-journal-sizes.js';

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-contacts': contacts,
  '0003-contact-subscriptions': contactSubscriptions,
  '0004-data-attributes-segments': dataAttributesSegments,
  '0005-contact-counts': contactCounts,
  '0006-events-jobs': eventsJobs,
  '0007-unicode-folding': unicodeFolding,
  '0008-companies': companies,
  '0009-webhooks': webhooks,
  '0010-company-scrolls': companyScrolls,
  '0011-conversations': conversations,
  '0012-ticket-types': ticketTypes,
  '0014-help-center': helpCenter,
  '0015-news': news,
  '0016-phone-switch': phoneSwitch,
  '0017-data-exports': dataExports,
  '0018-controls': controls,
  '0019-data-events': dataEvents,
  '0020-visitors': visitors,
  '0021-company-tags': companyTags,
  '0022-conversation-source-words': conversationSourceWords,
  '0024-webhook-deliveries': webhookDeliveries,
  '0025-conversation-counts-search': conversationCountsSearch,
  '0026-journal-sizes': journalSizes,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Runs the migrations up to and including `name` only: a database as an older server left it (tests of upgrades). */
export async function migrateUpTo(db: Db, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateTo(name);
  if (error) throw error;
}

export async function migrateToLatest(db: Db, _engine: Engine): Promise<void> {
  // Migrations that touch separate tables may land in either order from parallel work; a database
  // that already ran a later one still runs an earlier newcomer instead of refusing to start.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
