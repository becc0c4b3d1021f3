/** The ticket types a new workspace starts with: one customer-facing, one back-office. */
import { scopeOf } from '../../core/scope.js';
import type { Seeder } from '../../seed.js';
import { createTicketTypeWithDefaults, DEFAULT_ICON } from './define.js';

const SEEDED = [
  { name: 'Customer request', description: 'A request from a customer, shared with them as it progresses', category: 'Customer' },
  { name: 'Back-office task', description: 'Internal follow-up work, never shown to the customer', category: 'Back-office' },
];

export const seedTicketTypes: Seeder = async (db, workspace, clock) => {
  const source = scopeOf(db, workspace.id_code);
  for (const type of SEEDED) await createTicketTypeWithDefaults(source, { ...type, icon: DEFAULT_ICON, is_internal: 0, archived: 0 }, clock);
};
