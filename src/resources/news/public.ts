/** What other resources may use of news. */
export { newsfeeds, newsItems } from './store.js';
export { newsfeedWire, newsItemWire, type NewsItemWire } from './wire.js';
