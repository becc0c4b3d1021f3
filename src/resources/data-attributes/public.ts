/** What other resources may use of data attributes: the store, the wire, and the check of `custom_attributes` values. */
export { dataAttributes } from './store.js';
export { customAttributeWire, dataAttributeNotFound, type Model } from './wire.js';
export { customAttributeValues as validateCustomAttributes, MAX_STRING_ATTRIBUTE_LENGTH } from './validate.js';
