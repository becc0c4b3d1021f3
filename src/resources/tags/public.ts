/** What other resources may use of tags. */
export { tags } from './store.js';
export { tagBasic, tagNotFound, tagWire } from './wire.js';
