/** What other resources may use of notes: how a plain-text body becomes the HTML Intercom stores. */
export { noteHtml as htmlBody } from './body.js';
