import { scopeOf } from '../../core/scope.js';
import type { Seeder } from '../../seed.js';
import { SEEDED_LOCALES } from './locales.js';
import { helpCenters } from './store.js';

/**
 * Every workspace starts with one help center, published at `https://intercom.help/<workspace id>`,
 * written in English (its default), French, German and Spanish.
 */
export const seedHelpCenter: Seeder = async (db, workspace, clock) => {
  const now = clock.now();
  await helpCenters(scopeOf(db, workspace.id_code)).insert({
    identifier: workspace.id_code,
    display_name: `${workspace.name} Help Center`,
    website_turned_on: 1,
    custom_domain: null,
    default_locale: SEEDED_LOCALES[0],
    locales: JSON.stringify(SEEDED_LOCALES),
    created_at: now,
    updated_at: now,
  });
};
