/** What other resources may use of companies. */
export { companies } from './store.js';
export { companyNotFound, companyWire, type CompanyWire } from './wire.js';
export { tagCompanies, type CompanyTagItem } from './tagging.js';
