/** What other parts of the server may use of visitors: making one (the /_admin namespace). */
export { createVisitor, type NewVisitor } from './create.js';
