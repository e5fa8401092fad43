import { NO_VPN_SETTINGS } from '../../src/app/vpn-context.js';
import { createVpnPresenter } from '../../src/bot/vpn-presenter.js';
/**
 * The Teams bot in-process, driven by botbuilder's TestAdapter (channel "msteams"): the bot is
 * built like `startApp` builds it (use cases over a lowdb store in a temp dir, the sample
 * directory, the Kitzingen-like policy, the real presenter, a manual clock), and each test sends a
 * Teams-shaped activity and looks at the activities the bot answers with.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { randomIds, type AppContext } from '../../src/app/app-context.js';
import { ManualClock } from '../../src/app/clock.js';
import { localDate } from '../../src/domain/local-time.js';
import { createPresenter } from '../../src/bot/presenter.js';
import { createDeskPresenter } from '../../src/bot/desk-presenter.js';
import { loadInventoryFile } from '../../src/desks/load-inventory.js';
import { MobileWorkBot } from '../../src/bot/teams-bot.js';
import { createUseCases } from '../../src/bot/use-cases.js';
import { loadDirectoryFile } from '../../src/directory/file-directory.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { verbsOf } from '../support/app-harness.js';

const PEOPLE = {
  manager: '00000000-0000-0000-0000-000000000001',
  employee: '00000000-0000-0000-0000-000000000003',
  newStarter: '00000000-0000-0000-0000-000000000006',
} as const;
const TENANT = '11111111-2222-3333-4444-555555555555';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const BOT = { id: '28:bot-id', name: 'Mobiles Arbeiten' };
const CARD = 'application/vnd.microsoft.card.adaptive';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** The Adaptive Card of a bot message. */
function cardOf(activity: Partial<Activity> | undefined): Record<string, unknown> {
  const content: unknown = activity?.attachments?.find((a) => a.contentType === CARD)?.content;
  if (typeof content !== 'object' || content === null) throw new Error(`no adaptive card in ${JSON.stringify(activity)}`);
  return content as Record<string, unknown>;
}


/** Every element of `type` in a card, in document order. */
function nodesOfType(card: unknown, type: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === type) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('MobileWorkBot with the botbuilder TestAdapter (msteams)', () => {
  let dir: string;
  let store: Store;
  let bot: MobileWorkBot;
  let clock: ManualClock;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-bot-'));
    clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
    const now = (): Date => clock.now();
    store = await openLowdbStore({ dataDir: dir, now });
    const policy = await loadPolicyFile('policies/kitzingen-like.yaml');
    const directory = await loadDirectoryFile('samples/directory.yaml');
    const logger = createMemoryLogger();
    const inventory = await loadInventoryFile('samples/desks.yaml');
    const ctx: AppContext = { store, directory, policy, inventory, clock, ids: randomIds, logger };
    bot = new MobileWorkBot({
      useCases: createUseCases(ctx),
      presenter: createPresenter(),
      desks: createDeskPresenter(inventory),
      inventory,
      directory,
      policy,
      today: () => localDate(clock.now(), policy.organisation.timeZone),
      logger,
      vpn: NO_VPN_SETTINGS,
      vpnPresenter: createVpnPresenter(),
    });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A TestAdapter whose every activity comes from `userId`'s personal chat in Teams. */
  function teamsChat(userId: string, locale = 'de-DE'): TestAdapter {
    return new TestAdapter(async (context) => bot.run(context), {
      channelId: 'msteams',
      locale,
      serviceUrl: SERVICE_URL,
      from: { id: `29:teams-${userId}`, aadObjectId: userId, name: 'user' },
      recipient: BOT,
      conversation: { id: `a:personal-${userId}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
      channelData: { tenant: { id: TENANT } },
    });
  }

  /** Sends a chat message and returns everything the bot answered. */
  async function say(userId: string, text: string, locale?: string): Promise<Array<Partial<Activity>>> {
    const adapter = teamsChat(userId, locale);
    await adapter.send(text).startTest();
    return [...adapter.activeQueue];
  }

  it('when the employee writes "hilfe", then the German main menu card is the answer', async () => {
    const replies = await say(PEOPLE.employee, 'hilfe');
    assert.equal(replies.length, 1);
    const card = cardOf(replies[0]);
    const text = JSON.stringify(card);
    assert.match(text, /Mobiles Arbeiten – so kann ich Ihnen helfen/);
    assert.ok(verbsOf(card).includes('homeOffice.form'), 'the menu offers the request form');
    assert.ok(!verbsOf(card).includes('homeOffice.pending'), 'an employee without reports sees no manager actions');
  });

  it('when the locale is en-US, then the menu is in English', async () => {
    const replies = await say(PEOPLE.employee, 'help', 'en-US');
    const text = JSON.stringify(cardOf(replies[0]));
    assert.match(text, /Mobile work – here is how I can help/);
    assert.doesNotMatch(text, /so kann ich Ihnen helfen/);
  });

  it('when the manager writes "hilfe", then her menu carries the manager actions', async () => {
    const replies = await say(PEOPLE.manager, 'hilfe');
    assert.ok(verbsOf(cardOf(replies[0])).includes('homeOffice.pending'));
  });

  it('when the employee writes "homeoffice am 3.12.", then the result card says the day waits for approval and a pending request is stored', async () => {
    const replies = await say(PEOPLE.employee, 'homeoffice am 3.12.');
    assert.equal(replies.length, 1);
    const card = cardOf(replies[0]);
    assert.match(JSON.stringify(card), /1 Tag wartet auf Genehmigung/);
    assert.ok(verbsOf(card).includes('homeOffice.withdraw'));
    const stored = await store.read((r) => r.listRequestsOfPerson(PEOPLE.employee));
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.status, 'pending');
    assert.deepEqual(stored[0]?.days.map((d) => d.date), ['2026-12-03']);
  });

  it('when the employee writes "mein kontingent", then the quota card shows her window and hours', async () => {
    const replies = await say(PEOPLE.employee, 'mein kontingent');
    const text = JSON.stringify(cardOf(replies[0]));
    assert.match(text, /Mein Kontingent/);
    assert.match(text, /Stunden mobil/);
    assert.doesNotMatch(text, /Mobiles Arbeiten – so kann ich Ihnen helfen/, 'not the menu');
  });

  it('when the employee writes "meine woche", then the week planner lists the five weekdays of this week and of the next', async () => {
    const replies = await say(PEOPLE.employee, 'meine woche');
    const card = cardOf(replies[0]);
    const text = JSON.stringify(card);
    assert.match(text, /Meine Planung: KW 48 und 49/);
    const rows = nodesOfType(card, 'ColumnSet').slice(0, 5);
    assert.equal(nodesOfType(card, 'ColumnSet').length, 10, 'Monday to Friday of two weeks, one row each');
    const dayTexts = rows.map((row) => (nodesOfType(row, 'TextBlock')[0]?.text as string | undefined) ?? '');
    assert.deepEqual(
      dayTexts.map((d) => d.slice(0, 14)),
      ['Mo, 23.11.2026', 'Di, 24.11.2026', 'Mi, 25.11.2026', 'Do, 26.11.2026', 'Fr, 27.11.2026'],
    );
    assert.match(text, /Präsenztag/, 'Tuesday is the presence day of the Kitzingen policy');
  });

  it('when the new starter asks for a day in December, then it is refused with the onboarding reason', async () => {
    const replies = await say(PEOPLE.newStarter, 'homeoffice am 3.12.');
    const text = JSON.stringify(cardOf(replies[0]));
    assert.match(text, /Ihr Antrag konnte nicht gestellt werden/);
    assert.match(text, /In der Einarbeitungszeit arbeiten Sie bis zum .*vor Ort/);
    const stored = await store.read((r) => r.listRequestsOfPerson(PEOPLE.newStarter));
    assert.equal(stored.length, 0, 'nothing is stored for a refused day');
  });

  it('when the employee clicks "homeOffice.form", then the invoke response carries the request form', async () => {
    const adapter = teamsChat(PEOPLE.employee);
    await adapter.processActivity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'homeOffice.form', data: {} }, trigger: 'manual' },
    });
    const responses = adapter.activeQueue.filter((a) => a.type === 'invokeResponse');
    assert.equal(responses.length, 1);
    const { status, body } = responses[0]!.value as { status: number; body: InvokeBody };
    assert.equal(status, 200);
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, CARD);
    assert.match(JSON.stringify(body.value), /Mobiles Arbeiten beantragen/);
    assert.ok(verbsOf(body.value).includes('homeOffice.request'), 'the form submits a request');
  });

  it('when the employee clicks an unknown verb, then the invoke answers a translated 400 error', async () => {
    const adapter = teamsChat(PEOPLE.employee);
    await adapter.processActivity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'homeOffice.nope', data: {} } },
    });
    const response = adapter.activeQueue.find((a) => a.type === 'invokeResponse');
    const { body } = response?.value as { body: InvokeBody };
    assert.equal(body.statusCode, 400);
    assert.equal(body.type, 'application/vnd.microsoft.error');
    assert.equal((body.value as { code: string }).code, 'UNKNOWN_VERB');
  });

  it('when the bot is installed for a user (membersAdded), then it sends the welcome menu and stores the personal conversation', async () => {
    assert.equal(await store.read((r) => r.getConversation(PEOPLE.employee)), undefined);
    const adapter = teamsChat(PEOPLE.employee);
    await adapter.processActivity({
      type: 'conversationUpdate',
      membersAdded: [{ id: `29:teams-${PEOPLE.employee}`, name: 'user', aadObjectId: PEOPLE.employee }],
    });
    assert.equal(adapter.activeQueue.length, 1);
    assert.match(JSON.stringify(cardOf(adapter.activeQueue[0])), /Mobiles Arbeiten – so kann ich Ihnen helfen/);
    const conv = await store.read((r) => r.getConversation(PEOPLE.employee));
    assert.equal(conv?.conversationId, `a:personal-${PEOPLE.employee}`);
    assert.equal(conv?.serviceUrl, SERVICE_URL);
    assert.equal(conv?.tenantId, TENANT);
    assert.equal(conv?.teamsUserId, `29:teams-${PEOPLE.employee}`);
    assert.equal(conv?.botId, BOT.id);
  });

  it('when only the bot itself is added, then nothing is sent', async () => {
    const adapter = teamsChat(PEOPLE.employee);
    await adapter.processActivity({ type: 'conversationUpdate', membersAdded: [{ id: BOT.id, name: BOT.name }] });
    assert.equal(adapter.activeQueue.length, 0);
  });
});
