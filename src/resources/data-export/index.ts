import type { Resource } from '../resource.js';
import { dataExportHandlers } from './handlers.js';

export const dataExportResource: Resource = {
  name: 'data-export',
  handlers: dataExportHandlers,
};
