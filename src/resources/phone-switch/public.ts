/** What the rest of the server may use of phone switch redirects (the `/_admin` view of them). */
export { phoneCallRedirects } from './store.js';
export { recordedRedirectWire } from './wire.js';
