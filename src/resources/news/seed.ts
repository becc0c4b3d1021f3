import { scopeOf } from '../../core/scope.js';
import type { Seeder } from '../../seed.js';
import { newsfeeds } from './store.js';

/** Every workspace starts with one newsfeed (Intercom's are set up in its UI, never through the API). */
export const seedNewsfeed: Seeder = async (db, workspace, clock) => {
  await newsfeeds(scopeOf(db, workspace.id_code)).insert('Newsfeed', clock.now());
};
