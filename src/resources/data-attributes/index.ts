import type { Resource } from '../resource.js';
import { dataAttributeHandlers } from './routes.js';

export const dataAttributesResource: Resource = { name: 'data-attributes', handlers: dataAttributeHandlers };
