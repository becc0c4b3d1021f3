/** What other resources may use of contacts: the store, the wire, tagging, search predicates and the dependents registry. */
export { contacts, liveContactsToCount } from './store.js';
export { contactNotFound, contactWire, type ContactWire } from './wire.js';
export { assertNoNul } from './input.js';
export { tagContacts } from './tagging.js';
export { contactCompileContext, segmentPredicate } from './store-search.js';
export { registerContactDependent, type ContactDependent } from './dependents.js';
export { findOrCreateLeadByEmail } from './create.js';
