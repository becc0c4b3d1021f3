/**
 * What a ticket type attribute's data type allows beyond its value type: `multiline` text, the items
 * of a list, several files. Pure: request fields in, the stored `input_options` object out.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';

export const DATA_TYPES = ['string', 'list', 'integer', 'decimal', 'boolean', 'datetime', 'files'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export interface ListOption {
  id: string;
  label: string;
  archived: boolean;
}

export interface InputOptions {
  multiline?: boolean;
  list_options?: ListOption[];
  allow_multiple_values?: boolean;
}

export interface OptionFields {
  multiline?: boolean;
  list_items?: string;
  allow_multiple_values?: boolean;
}

/** The labels of a comma-separated `list_items`, trimmed, blanks and repeats dropped. */
function labelsOf(listItems: string): string[] {
  const labels: string[] = [];
  for (const raw of listItems.split(',')) {
    const label = raw.trim();
    if (label !== '' && !labels.includes(label)) labels.push(label);
  }
  return labels;
}

/**
 * The input options an attribute of `dataType` has after `fields`, starting from `current` (an
 * update) or from nothing (a create). A list keeps the id of every label it keeps, so tickets that
 * chose it still do; labels dropped from `list_items` stay, archived, for the tickets that hold them.
 */
export function inputOptions(dataType: DataType, fields: OptionFields, current?: InputOptions): InputOptions {
  if (fields.multiline !== undefined && dataType !== 'string') throw badRequest('multiline applies to string attributes only', 'parameter_invalid', 'multiline');
  if (fields.list_items !== undefined && dataType !== 'list') throw badRequest('list_items applies to list attributes only', 'parameter_invalid', 'list_items');
  if (fields.allow_multiple_values !== undefined && dataType !== 'files') {
    throw badRequest('allow_multiple_values applies to files attributes only', 'parameter_invalid', 'allow_multiple_values');
  }
  switch (dataType) {
    case 'string':
      return { multiline: fields.multiline ?? current?.multiline ?? false };
    case 'files':
      return { allow_multiple_values: fields.allow_multiple_values ?? current?.allow_multiple_values ?? false };
    case 'list': {
      const existing = current?.list_options ?? [];
      if (fields.list_items === undefined) {
        if (existing.length === 0) throw badRequest('list_items is required for a list attribute', 'parameter_not_found', 'list_items');
        return { list_options: existing };
      }
      const labels = labelsOf(fields.list_items);
      if (labels.length === 0) throw badRequest('list_items must name at least one item', 'parameter_invalid', 'list_items');
      const kept = labels.map((label) => {
        const before = existing.find((o) => o.label === label);
        return { id: before?.id ?? randomUUID(), label, archived: false };
      });
      const dropped = existing.filter((o) => !labels.includes(o.label)).map((o) => ({ ...o, archived: true }));
      return { list_options: [...kept, ...dropped] };
    }
    default:
      return {};
  }
}
