import type { Resource } from '../resource.js';
import { dataAttributeHandlers } from './handlers.js';

export const dataAttributesResource: Resource = { name: 'data-attributes', handlers: dataAttributeHandlers };
