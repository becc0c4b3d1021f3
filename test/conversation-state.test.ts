/** The conversation state machine on its own (pure): invariants over random sequences of actions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EMPTY_STATISTICS, initialFacts, statisticsOfParts, transition, TransitionError, type Action, type Actor, type ConversationFacts, type Statistics } from '../src/resources/conversations/state.js';

const admin: Actor = { type: 'admin', id: '7' };
const contact: Actor = { type: 'user', id: 'c' };

const step = fc.record({
  wait: fc.integer({ min: 0, max: 500 }),
  action: fc.oneof(
    fc.constant<Action>({ kind: 'contact_reply', body: 'hi' }),
    fc.constant<Action>({ kind: 'admin_comment', body: 'hello' }),
    fc.constant<Action>({ kind: 'admin_note', body: 'note' }),
    fc.constant<Action>({ kind: 'close' }),
    fc.constant<Action>({ kind: 'open' }),
    fc.constant<Action>({ kind: 'snooze_expired' }),
    fc.constant<Action>({ kind: 'default_assignment' }),
    fc.integer({ min: 1, max: 1000 }).map((d): Action => ({ kind: 'snooze', until: d })),
    fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }).map((id): Action => ({ kind: 'assign', side: 'admin', assigneeId: id })),
  ),
});

test('statistics kept transition by transition equal the statistics of all the parts; state fields stay consistent', () => {
  fc.assert(
    fc.property(fc.constantFrom('contact', 'admin') as fc.Arbitrary<'contact' | 'admin'>, fc.array(step, { maxLength: 30 }), (initiator, steps) => {
      let now = 1_700_000_000;
      const start = initialFacts(initiator, now);
      let facts: ConversationFacts = { ...start.facts, created_at: now };
      let stats: Statistics = start.stats;
      const history: Parameters<typeof statisticsOfParts>[0] = [];
      for (const { wait, action } of steps) {
        now += wait;
        const concrete = action.kind === 'snooze' ? { ...action, until: now + action.until } : action;
        const actor = action.kind === 'contact_reply' ? contact : admin;
        let t;
        try {
          t = transition(facts, stats, concrete, actor, now);
        } catch (error) {
          assert.ok(error instanceof TransitionError);
          continue;
        }
        for (const p of t.parts) history.push({ ...p, created_at: now, state_before: facts.state, waiting_since_before: facts.waiting_since });
        facts = { ...facts, ...(t.changes as Partial<ConversationFacts>) };
        const changed = t.changes as Record<string, unknown>;
        stats = Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, k in changed ? changed[k] : v])) as unknown as Statistics;
        assert.equal(facts.state === 'snoozed', facts.snoozed_until !== null, 'only a snoozed conversation has snoozed_until');
        assert.equal(t.parts.length > 0, t.changes.updated_at === now, 'a transition that writes parts updates the conversation');
        if (action.kind === 'admin_comment') assert.equal(facts.waiting_since, null);
        if (action.kind === 'contact_reply') assert.equal(facts.state, 'open');
      }
      assert.deepEqual(stats, statisticsOfParts(history, start.stats));
      assert.equal(stats.count_conversation_parts, history.length);
      assert.ok(stats.count_reopens <= history.filter((p) => p.part_type === 'open' || p.part_type === 'assign_and_reopen').length);
    }),
    { numRuns: 500, seed: 3 },
  );
  assert.deepEqual(EMPTY_STATISTICS.reply_times, []);
});
