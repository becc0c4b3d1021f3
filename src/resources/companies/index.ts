import type { Resource } from '../resource.js';
import { companyHandlers } from './handlers.js';

export const companiesResource: Resource = { name: 'companies', handlers: companyHandlers };
