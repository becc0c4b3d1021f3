/** What other resources (articles) may use of help centers and collections. */
export { collections, helpCenters, recentlyUpdated } from './store.js';
export { translatedEntries } from './locales.js';
export { collectionNotFound, helpCenterUrl, localesOf, slug } from './wire.js';
