/** What other resources may use of segments. */
export { segments, segmentsUsingField } from './store.js';
export { segmentNotFound, segmentWire } from './wire.js';
