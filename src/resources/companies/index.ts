import type { Resource } from '../resource.js';
import { companyHandlers } from './handlers.js';
import { companies } from './store.js';

export const companiesResource: Resource = {
  name: 'companies',
  handlers: companyHandlers,
  emits: {
    createOrUpdateCompany: ['company.created', 'company.updated'],
    UpdateCompany: ['company.updated'],
    deleteCompany: ['company.deleted'],
    attachContactToACompany: ['company.contact.attached'],
    detachContactFromACompany: ['company.contact.detached'],
  },
  // A lead merged into a user leaves its companies to the user.
  contactDependents: [{ name: 'companies', onMerge: (scope, fromId, intoId) => companies(scope).copyAttachments(fromId, intoId) }],
};
