/** The ticket state machine on its own (pure): invariants over random sequences of actions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { conversationState, type Actor } from '../src/resources/conversations/public.js';
import { TICKET_STATES, ticketTransition, TicketRuleError, type TicketAction, type TicketFacts } from '../src/resources/tickets/state.js';

const admin: Actor = { type: 'admin', id: '7' };
const contact: Actor = { type: 'user', id: 'c' };

const action: fc.Arbitrary<TicketAction> = fc.oneof(
  fc.constantFrom(...TICKET_STATES).map((state): TicketAction => ({ kind: 'set_state', state })),
  fc.constant<TicketAction>({ kind: 'close' }),
  fc.constant<TicketAction>({ kind: 'open' }),
  fc.constant<TicketAction>({ kind: 'attributes_updated' }),
  fc.constant<TicketAction>({ kind: 'admin_comment', body: 'hello' }),
  fc.constant<TicketAction>({ kind: 'admin_note', body: 'note' }),
  fc.constant<TicketAction>({ kind: 'quick_reply' }),
  fc.constant<TicketAction>({ kind: 'contact_reply', body: 'hi' }),
  fc.integer({ min: -50, max: 1000 }).map((d): TicketAction => ({ kind: 'snooze', until: d })),
  fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }).map((id): TicketAction => ({ kind: 'assign', side: 'admin', assigneeId: id })),
);

test('a resolved ticket is always closed; every part records the state it leaves; topics are ticket topics only', () => {
  fc.assert(
    fc.property(fc.constantFrom('Customer', 'Back-office'), fc.array(fc.record({ wait: fc.integer({ min: 0, max: 300 }), action }), { maxLength: 30 }), (category, steps) => {
      let now = 1_700_000_000;
      const start = conversationState.initialFacts('admin', now);
      let ticket: TicketFacts = { ...start.facts, state: 'open', created_at: now, ticket_state: 'submitted', category };
      let stats = start.stats;
      const created = ticketTransition(ticket, stats, { kind: 'create' }, admin, now);
      assert.deepEqual(created.topics, ['ticket.created']);
      for (const { wait, action: a } of steps) {
        now += wait;
        const actor = a.kind === 'contact_reply' ? contact : admin;
        const timed: TicketAction = a.kind === 'snooze' ? { kind: 'snooze', until: now + a.until } : a;
        let moved;
        try {
          moved = ticketTransition(ticket, stats, timed, actor, now);
        } catch (error) {
          assert.ok(error instanceof TicketRuleError);
          // Only a past snooze, or a customer on a Back-office ticket, is refused.
          assert.ok((timed.kind === 'snooze' && timed.until <= now) || (timed.kind === 'contact_reply' && category === 'Back-office'));
          continue;
        }
        const { ticket_state, ...changes } = moved.changes;
        const { reply_times, ...rest } = changes;
        ticket = { ...ticket, ...rest, ...(ticket_state ? { ticket_state } : {}) } as TicketFacts;
        stats = { ...stats, ...rest, ...(reply_times ? { reply_times } : {}) } as typeof stats;
        if (ticket.ticket_state === 'resolved') assert.equal(ticket.state, 'closed');
        if (moved.parts.length > 0) assert.equal(moved.parts.at(-1)!.ticket_state, ticket.ticket_state);
        for (const topic of moved.topics) assert.match(topic, /^ticket\./);
        assert.equal(moved.topics.filter((t) => t === 'ticket.state.updated').length, moved.parts.filter((p) => p.part_type === 'ticket_state_updated_by_admin').length);
      }
    }),
  );
});
