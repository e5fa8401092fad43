/**
 * The authorization matrix, one test per cell, against the running bot over HTTP (local mode, a
 * fake Bot Connector, lowdb in a temp dir). See `authorization-matrix.ts` for the table and what
 * each outcome means. Each row gets its own app; each cell its own fresh objects of the employee,
 * made through the bot as people would (the outage incident, which needs ten reporters, is put
 * into the store).
 *
 * The world: Dr. Vogt (manager) named Fatma Yılmaz deputy for 25 Nov only and Thomas Brandl from
 * 26 Nov. The employee's request is made on 25 Nov, so its stored approver is Fatma; every click
 * happens on 26 Nov, before the hand-back job ran — Fatma is a former deputy whose name is still
 * on the request.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MobileWorkBot } from '../../src/bot/teams-bot.js';
import { t } from '../../src/cards/i18n.js';
import { VERBS } from '../../src/cards/verbs.js';
import type { StoreReader } from '../../src/store/store.js';
import { parseCommand } from '../../src/text/parse-command.js';
import { actionData, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';
import { channelClick, DESK, DESK_ENV, FORTI_REPORT } from '../support/vpn-harness.js';
import { COMMAND_ROWS, ROLE_NAMES, VERB_ROWS, type Fixture, type Need, type Outcome, type Role } from './authorization-matrix.js';

const FATMA = '00000000-0000-0000-0000-000000000007';
const LUKAS = '00000000-0000-0000-0000-000000000009';
const ROLE_IDS: Record<Role, string> = {
  employee: PEOPLE.employee,
  manager: PEOPLE.manager,
  activeDeputy: PEOPLE.deputy,
  formerDeputy: FATMA,
  otherUnitManager: PEOPLE.otherManager,
  colleague: PEOPLE.colleague,
  serviceDeskMember: DESK.roth,
  outsideDesk: LUKAS,
};
const EVERYONE = Array.from({ length: 13 }, (_, i) => `00000000-0000-0000-0000-${String(i + 1).padStart(12, '0')}`);
const DAY1 = new Date('2026-11-25T09:00:00Z'); // fixtures are made (Fatma is deputy)
const DAY2 = new Date('2026-11-26T07:00:00Z'); // clicks happen (08:00 Berlin; Brandl is deputy)
const DESKS = ['A-EG-012-2', 'A-EG-012-3', 'A-EG-012-4', 'A-EG-015-1', 'A-EG-015-2', 'A-EG-018-2', 'A-1-110-1', 'A-1-110-2'];

/** Every verb the bot registers a handler for, lists in verbs.ts, or a card template uses. */
async function knownVerbs(): Promise<string[]> {
  const bot = new MobileWorkBot({} as never) as unknown as { verbHandlers: Record<string, unknown> };
  const inCards: string[] = [];
  for (const file of (await readdir('cards')).filter((f) => f.endsWith('.json'))) {
    inCards.push(...verbsOf(JSON.parse(await readFile(join('cards', file), 'utf8'))));
  }
  return [...new Set([...Object.keys(bot.verbHandlers), ...Object.values(VERBS), ...inCards])].sort();
}

async function startWorld(): Promise<Harness> {
  const h = await startHarness(DESK_ENV, {}, DAY1);
  await h.say(PEOPLE.manager, 'hilfe');
  for (const [deputy, from, to] of [[FATMA, '2026-11-25', '2026-11-25'], [PEOPLE.deputy, '2026-11-26', '2026-12-31']] as const) {
    const set = await h.click(PEOPLE.manager, 'delegation.set', { deputy, from, to });
    assert.equal(set.statusCode, 200, JSON.stringify(set.value));
  }
  return h;
}

async function makeFixture(h: Harness, needs: Need[], cell: number): Promise<Fixture> {
  const f = {} as Fixture;
  const ok = (answer: { statusCode: number; value: unknown }, what: string) =>
    assert.equal(answer.statusCode, 200, `fixture ${what}: ${JSON.stringify(answer.value).slice(0, 300)}`);
  h.clock.set(DAY1);
  if (needs.includes('request')) {
    const replies = await h.say(PEOPLE.employee, 'homeoffice am 3.12.');
    f.requestId = actionData(replies[0]?.attachments?.[0]?.content, 'homeOffice.withdraw').requestId as string;
    f.requestDate = '2026-12-03';
    const stored = await h.app.store.read((r) => r.getRequest(f.requestId));
    assert.equal(stored?.approverId, FATMA, 'the fixture request names the (soon former) deputy');
  }
  if (needs.includes('booking')) {
    f.deskId = DESKS[cell % DESKS.length]!;
    f.bookingDate = '2026-12-02';
    const later = await h.click(PEOPLE.employee, 'desk.book', { deskId: f.deskId, date: f.bookingDate, slot: 'day' });
    ok(later, 'booking');
    f.bookingId = actionData(later.value, 'desk.cancel').bookingId as string;
    const today = await h.click(PEOPLE.employee, 'desk.book', { deskId: f.deskId, date: '2026-11-26', slot: 'day' });
    ok(today, 'booking today');
    f.todayBookingId = actionData(today.value, 'desk.cancel').bookingId as string;
  }
  if (needs.includes('delegation')) {
    ok(await h.click(PEOPLE.manager, 'delegation.set', { deputy: PEOPLE.colleague, from: '2027-02-01', to: '2027-02-10' }), 'delegation');
    const list = await h.app.store.read((r) => r.listDelegations(PEOPLE.manager));
    f.delegationId = list.filter((d) => d.from === '2027-02-01' && !d.revoked).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!.id;
  }
  const newTicket = async (): Promise<{ id: string; number: string }> => {
    const submitted = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    ok(submitted, 'vpn report');
    const known = new Set((await h.app.store.read((r) => r.listTicketsOfReporter(PEOPLE.employee))).map((x) => x.id));
    ok(await h.click(PEOPLE.employee, VERBS.vpnEscalate, actionData(submitted.value, VERBS.vpnEscalate)), 'escalation');
    const created = (await h.app.store.read((r) => r.listTicketsOfReporter(PEOPLE.employee))).find((x) => !known.has(x.id))!;
    return { id: created.id, number: created.number };
  };
  if (needs.includes('draft')) {
    const submitted = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    ok(submitted, 'vpn draft');
    const helped = actionData(submitted.value, VERBS.vpnHelped);
    f.draftId = helped.draftId as string;
    f.entryId = helped.entryId as string;
  }
  if (needs.includes('ticket')) ({ id: f.ticketId, number: f.ticketNumber } = await newTicket());
  if (needs.includes('askedTicket')) {
    f.askedTicketId = (await newTicket()).id;
    ok(await channelClick(h, DESK.gruber, VERBS.vpnAsk, { ticketId: f.askedTicketId, question: 'Welche Version?' }), 'ask back');
  }
  if (needs.includes('resolvedTicket')) {
    f.resolvedTicketId = (await newTicket()).id;
    ok(await channelClick(h, DESK.gruber, VERBS.vpnResolve, { ticketId: f.resolvedTicketId, solution: 'Neu installiert.' }), 'resolve');
  }
  if (needs.includes('incident')) {
    f.incidentId = `inc-${cell}-${Date.now()}`;
    await h.app.store.transact((tx) =>
      tx.putIncident({ id: f.incidentId, client: 'forticlient', symptom: 'no-connection', status: 'open', openedAt: DAY1.toISOString(), linkedReporterIds: [PEOPLE.employee] }),
    );
  }
  h.clock.set(DAY2);
  return f;
}

/** Everything a click could change, keyed by record, with the person it belongs to ('*' = anonymous counters). */
async function snapshot(h: Harness, f: Fixture): Promise<Map<string, { owner: string; json: string }>> {
  return h.app.store.read(async (r) => {
    const out = new Map<string, { owner: string; json: string }>();
    const put = (key: string, owner: string, value: unknown) => out.set(key, { owner, json: JSON.stringify(value) });
    for (const p of EVERYONE) {
      for (const x of await r.listRequestsOfPerson(p)) put(`request:${x.id}`, x.personId, x);
      for (const x of await r.listDelegations(p)) put(`delegation:${x.id}`, x.managerId, x);
      for (const x of await r.listTicketsOfReporter(p)) put(`ticket:${x.id}`, x.reporterId, x);
      put(`settings:${p}`, p, await r.getSettings(p) ?? null);
    }
    for (const x of await r.listBookingsInRange('2026-01-01', '2027-12-31')) put(`booking:${x.id}`, x.personId, x);
    if (f.draftId) put(`draft:${f.draftId}`, PEOPLE.employee, await r.getVpnDraft(f.draftId) ?? null);
    if (f.incidentId) put(`incident:${f.incidentId}`, 'desk', await r.getIncident(f.incidentId) ?? null);
    put('helpfulness', '*', await r.getHelpfulness());
    put('recent-vpn-reports', '*', await r.getVpnRecentReports());
    put('jobs', '*', (await r.listJobs()).length);
    return out;
  });
}

function changes(before: Map<string, { owner: string; json: string }>, after: Map<string, { owner: string; json: string }>) {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((k) => before.get(k)?.json !== after.get(k)?.json)
    .map((k) => ({ key: k, owner: (after.get(k) ?? before.get(k))!.owner }));
}

/** Back to a clean state for the next cell: the employee's requests withdrawn, bookings cancelled. */
async function cleanUp(h: Harness): Promise<void> {
  h.clock.set(DAY2);
  const { requests, bookings } = await h.app.store.read(async (r: StoreReader) => ({
    requests: (await r.listRequestsOfPerson(PEOPLE.employee)).filter((x) => x.days.some((d) => d.status === 'pending' || d.status === 'approved')),
    bookings: (await r.listBookingsOfPerson(PEOPLE.employee)).filter((b) => b.status === 'booked' || b.status === 'checked-in'),
  }));
  for (const x of requests) await h.click(PEOPLE.employee, 'homeOffice.withdraw', { requestId: x.id });
  for (const b of bookings) await h.click(PEOPLE.employee, 'desk.cancel', { bookingId: b.id });
}

interface CellCheck {
  h: Harness;
  f: Fixture;
  role: Role;
  outcome: Outcome;
  secret?: ((f: Fixture) => string) | undefined;
  effect?: ((p: import('./authorization-matrix.js').EffectProbe) => Promise<void>) | undefined;
  act: () => Promise<{ ok: boolean; code?: string; refusedText: boolean; answer: string }>;
}

async function checkCell(c: CellCheck): Promise<void> {
  const userId = ROLE_IDS[c.role];
  const before = await snapshot(c.h, c.f);
  const res = await c.act();
  const after = await snapshot(c.h, c.f);
  const diff = changes(before, after);
  if (c.outcome.startsWith('refused')) {
    assert.ok(!res.ok && res.refusedText, `refused with a friendly error, got: ${res.answer.slice(0, 300)}`);
    const code = c.outcome.split(':')[1];
    if (code) assert.equal(res.code, code);
    assert.deepEqual(diff, [], 'a refused action changes nothing');
    return;
  }
  assert.ok(res.ok, `answered with a card, got: ${res.answer.slice(0, 300)}`);
  if (c.outcome === 'own') {
    assert.deepEqual(diff.filter((d) => d.owner !== userId && d.owner !== '*'), [], 'only the clicker’s own records change');
    if (c.secret && c.role !== 'employee') assert.ok(!res.answer.includes(c.secret(c.f)), 'the employee’s data is not shown');
    return;
  }
  assert.ok(c.effect, 'an effect cell needs the row’s effect');
  await c.effect({ answer: res.answer, userId, f: c.f, read: (fn) => c.h.app.store.read(fn) });
}

const cellCount = VERB_ROWS.length * ROLE_NAMES.length + Object.keys(COMMAND_ROWS).length * ROLE_NAMES.length;

describe(`authorization matrix: ${VERB_ROWS.length} verbs + ${Object.keys(COMMAND_ROWS).length} commands × ${ROLE_NAMES.length} roles = ${cellCount} cells (HTTP)`, function () {
  this.timeout(120_000);

  it('every verb the bot registers, verbs.ts lists or a card uses has exactly one row, and no row names an unknown verb', async () => {
    const known = await knownVerbs();
    const rows = VERB_ROWS.map((r) => r.verb);
    assert.deepEqual(rows.filter((v, i) => rows.indexOf(v) !== i), [], 'no verb twice');
    assert.deepEqual(known.filter((v) => !rows.includes(v)), [], 'verbs without a row in the authorization matrix');
    assert.deepEqual(rows.filter((v) => !known.includes(v)), [], 'rows for verbs nobody uses');
    assert.ok(known.includes('desk.repeat'), 'a handler used by no card is in the list too');
  });

  it('every command row’s text is understood as that command', () => {
    for (const [kind, row] of Object.entries(COMMAND_ROWS)) {
      const text = row.text({ ticketNumber: 'VPN-2026-00001' } as Fixture);
      assert.equal(parseCommand(text, '2026-11-26', 'de').kind, kind, text);
    }
  });

  for (const row of VERB_ROWS) {
    describe(`verb ${row.verb}`, () => {
      let h: Harness;
      before(async () => {
        h = await startWorld();
      });
      after(async () => h.close());
      ROLE_NAMES.forEach((role, cell) => {
        const outcome = row.cells[role];
        it(`when the ${role} clicks ${row.verb}, then ${outcome}`, async () => {
          const f = await makeFixture(h, row.needs, cell);
          try {
            await checkCell({
              h, f, role, outcome, secret: row.secret, effect: row.effect,
              act: async () => {
                const data = row.data(f);
                const body = row.channel ? await channelClick(h, ROLE_IDS[role], row.verb, data) : await h.click(ROLE_IDS[role], row.verb, data);
                const refused = body.statusCode === 400 && body.type === 'application/vnd.microsoft.error' && typeof body.value.message === 'string' && body.value.message.length > 10;
                return { ok: body.statusCode === 200 && body.type === 'application/vnd.microsoft.card.adaptive', code: body.value.code as string | undefined, refusedText: refused, answer: JSON.stringify(body.value) };
              },
            });
          } finally {
            await cleanUp(h);
          }
        });
      });
    });
  }

  const errorTitle = t('de', 'error.title');
  for (const [kind, row] of Object.entries(COMMAND_ROWS)) {
    describe(`command ${kind}`, () => {
      let h: Harness;
      before(async () => {
        h = await startWorld();
      });
      after(async () => h.close());
      ROLE_NAMES.forEach((role, cell) => {
        const outcome = row.cells[role];
        it(`when the ${role} writes the ${kind} command, then ${outcome}`, async () => {
          const f = await makeFixture(h, row.needs, cell);
          try {
            await checkCell({
              h, f, role, outcome, secret: row.secret, effect: row.effect,
              act: async () => {
                const replies = await h.say(ROLE_IDS[role], row.text(f));
                const answer = JSON.stringify(replies);
                const isError = answer.includes(errorTitle);
                return { ok: replies.length > 0 && !isError, refusedText: isError, answer };
              },
            });
          } finally {
            await cleanUp(h);
          }
        });
      });
    });
  }
});
