/** What other resources may use of contacts: the loader, the wire, tagging and the dependents registry. */
export { contacts, contactNotFound } from './store.js';
export { contactWire, type ContactWire } from './wire.js';
export { tagContacts } from './tagging.js';
export { registerContactDependent, type ContactDependent } from './dependents.js';
