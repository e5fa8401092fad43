/**
 * The Teams bot: translates activities into use-case calls and results into cards.
 *
 * - messages: text shortcuts ("homeoffice morgen", "mein kontingent", "hilfe") → a card; anything
 *   not understood gets the menu, never an error;
 * - `adaptiveCard/action` invokes (Universal Actions): the verb table in `action-handlers.ts`;
 *   the answer is the card that replaces the clicked one, or a translated error (HTTP 200 with
 *   `statusCode: 400` and `application/vnd.microsoft.error`, as Teams expects);
 * - install / first contact: remember the personal conversation for proactive messages.
 */
import {
  ActivityHandler,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { localeFrom } from '../cards/i18n.js';
import type { IsoDate } from '../domain/dates.js';
import { isDomainError } from '../domain/errors.js';
import { expandProposal } from '../domain/proposal.js';
import type { Locale } from '../domain/model.js';
import { errorFields, type Logger } from '../observability/logger.js';
import { StoreUnavailableError } from '../store/store-unavailable.js';
import { parseCommand } from '../text/parse-command.js';
import {
  type ActionDeps,
  createActionHandlers,
  delegationCard,
  InputError,
  parseData,
  pendingListCard,
  requestFormCard,
  requestOutcomeCard,
} from './action-handlers.js';
import { adaptiveCardActionSchema } from './action-input.js';
import type { Card } from './presenter-port.js';
import { checkInDeadlineOf } from '../domain/desk-check-in.js';
import { createDeskHandlers, type DeskDeps } from './desk-handlers.js';
import { deskChannelKey } from './vpn-job-handlers.js';
import { isVerb, VERB_INPUTS, type Verb, type VerbHandler, type VerbHandlers, type VerbInput, type VerbTurn } from './verb-table.js';
import { createVpnHandlers, vpnFormCard, vpnMineCard, type VpnDeps } from './vpn-handlers.js';

export interface BotDeps extends ActionDeps, DeskDeps, VpnDeps {
  logger: Logger;
  /** SERVICE_DESK_CONVERSATION_ID: activities in this channel teach the bot how to post into it. */
  deskConversationId?: string;
}

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const ERROR_TYPE = 'application/vnd.microsoft.error';

export class MobileWorkBot extends ActivityHandler {
  private readonly verbHandlers: VerbHandlers;

  constructor(private readonly deps: BotDeps) {
    super();
    this.verbHandlers = { ...createActionHandlers(deps), ...createDeskHandlers(deps), ...createVpnHandlers(deps) };

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
      if (joined && context.activity.conversation?.conversationType !== 'channel') {
        await this.remember(context);
        const locale = await this.localeOf(context);
        const userId = context.activity.from?.aadObjectId;
        const facts = userId ? await deps.useCases.menuFacts.execute(userId) : { isManager: false, today: deps.today() };
        await sendCard(context, deps.presenter.menu(locale, facts));
      } else if (context.activity.conversation?.conversationType === 'channel') {
        await this.remember(context); // installed in a team: learn the service-desk channel, if it is this one
      }
      await next();
    });
  }

  /**
   * A turn refused by the per-person rate limit (src/server/http-server.ts): an invoke gets a 429
   * error its card shows; a message gets one friendly line when `tell` (not once per request).
   */
  async refuse(context: TurnContext, retryAfterSeconds: number, tell: boolean): Promise<void> {
    const locale = clientLocaleOf(context); // no directory look-up for a turn refused under load
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 429, body: this.tooManyInvokeBody(locale, retryAfterSeconds) } });
      return;
    }
    if (context.activity.type !== ActivityTypes.Message || !tell) return;
    await context.sendActivity(MessageFactory.text(this.tooManyText(locale, retryAfterSeconds)));
  }

  /** The answer to a refused turn that is answered in the HTTP response, built without a turn. */
  refusalBody(activityType: string, teamsLocale: string | undefined, retryAfterSeconds: number): unknown {
    const locale = localeFrom(teamsLocale);
    if (activityType === ActivityTypes.Invoke) return this.tooManyInvokeBody(locale, retryAfterSeconds);
    if (activityType !== ActivityTypes.Message) return { activities: [] };
    return { activities: [{ type: ActivityTypes.Message, text: this.tooManyText(locale, retryAfterSeconds) }] };
  }

  private tooManyText(locale: Locale, seconds: number): string {
    return this.deps.presenter.errorText(locale, 'TOO_MANY_REQUESTS', { seconds });
  }

  private tooManyInvokeBody(locale: Locale, seconds: number): unknown {
    return { statusCode: 429, type: ERROR_TYPE, value: { code: 'TOO_MANY_REQUESTS', message: this.tooManyText(locale, seconds) } };
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const locale = await this.localeOf(context);
    // This bot answers Universal Actions only; any other invoke (a task module, a search, no name) is a 400, not botbuilder's 501.
    if (context.activity.name !== 'adaptiveCard/action') return this.invokeError(locale, 'INVALID_INPUT', context);
    const envelope = adaptiveCardActionSchema.safeParse(context.activity.value);
    if (!envelope.success) return this.invokeError(locale, 'INVALID_INPUT', context);
    const { verb, data } = envelope.data.action;
    if (!isVerb(verb)) return this.invokeError(locale, 'UNKNOWN_VERB', context, { verb: verb.slice(0, 60) });
    const userId = context.activity.from?.aadObjectId;
    if (!userId) return this.invokeError(locale, 'UNKNOWN_PERSON', context);

    const started = Date.now();
    try {
      const a = context.activity;
      const message =
        a.replyToId && a.conversation?.id && a.conversation.conversationType !== 'channel'
          ? { conversationId: a.conversation.id, activityId: a.replyToId }
          : undefined;
      const card = await this.dispatch(verb, { userId, locale, trigger: envelope.data.trigger ?? 'manual', ...(message ? { message } : {}) }, data);
      // Only an accepted action teaches the bot this person's chat: a refused or forged one stores nothing.
      await this.remember(context);
      this.deps.logger.info('action_handled', { verb, userId, ms: Date.now() - started });
      return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: card } };
    } catch (error) {
      if (isDomainError(error) || error instanceof InputError) {
        this.deps.logger.warn('action_refused', { verb, userId, code: error.code });
        const params = isDomainError(error) ? error.params : { field: error.field };
        return this.invokeError(locale, error.code, context, params);
      }
      if (error instanceof StoreUnavailableError) {
        // Nothing was written (or all of it); the store reconnects by itself: "bitte gleich noch einmal".
        this.deps.logger.warn('store_unavailable', { verb, userId, outcomeUnknown: error.outcomeUnknown });
        return { status: 200, body: { statusCode: 500, type: ERROR_TYPE, value: { code: error.code, message: this.deps.presenter.errorText(locale, error.code) } } };
      }
      this.deps.logger.error('action_failed', { verb, userId, ...errorFields(error) });
      return { status: 200, body: { statusCode: 500, type: ERROR_TYPE, value: { code: 'GENERIC', message: this.deps.presenter.errorText(locale, 'GENERIC') } } };
    }
  }

  /** Parses the data with the verb's schema (src/bot/verb-table.ts) and calls its handler. */
  private dispatch<V extends Verb>(verb: V, turn: Omit<VerbTurn<V>, 'input'>, data: unknown): Promise<Card> {
    const input = parseData(VERB_INPUTS[verb], data) as VerbInput<V>;
    const handler = this.verbHandlers[verb] as VerbHandler<V>;
    return handler({ ...turn, input });
  }

  private invokeError(
    locale: Locale,
    code: string,
    context: TurnContext,
    params: Record<string, string | number> = {},
  ): InvokeResponse {
    if (code === 'UNKNOWN_VERB' || code === 'INVALID_INPUT') {
      this.deps.logger.warn('action_rejected', { code, conversationId: context.activity.conversation?.id });
    }
    return {
      status: 200,
      body: { statusCode: 400, type: ERROR_TYPE, value: { code, message: this.deps.presenter.errorText(locale, code, params) } },
    };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const { deps } = this;
    const locale = await this.localeOf(context);
    const userId = context.activity.from?.aadObjectId;
    await this.remember(context);
    if (!userId) {
      await sendCard(context, deps.presenter.message(locale, deps.presenter.text(locale, 'error.title'), deps.presenter.errorText(locale, 'UNKNOWN_PERSON')));
      return;
    }
    const today: IsoDate = deps.today();
    const command = parseCommand(context.activity.text ?? '', today, locale);
    deps.logger.info('message_command', { userId, command: command.kind });
    try {
      const sent: { requestId?: string } = {};
      const card = await this.cardForCommand(command, userId, locale, sent);
      const activityId = await sendCard(context, card);
      const conversationId = context.activity.conversation?.id;
      if (sent.requestId && activityId && conversationId && context.activity.conversation?.conversationType !== 'channel') {
        await deps.useCases.requestCards.remember({ requestId: sent.requestId, userId, conversationId, activityId });
      }
    } catch (error) {
      if (isDomainError(error) || error instanceof InputError) {
        deps.logger.warn('command_refused', { userId, command: command.kind, code: error.code });
        const params = isDomainError(error) ? error.params : {};
        await sendCard(
          context,
          deps.presenter.message(locale, deps.presenter.text(locale, 'error.title'), deps.presenter.errorText(locale, error.code, params)),
        );
        return;
      }
      if (error instanceof StoreUnavailableError) {
        deps.logger.warn('store_unavailable', { userId, command: command.kind, outcomeUnknown: error.outcomeUnknown });
        await sendCard(context, deps.presenter.message(locale, deps.presenter.text(locale, 'error.title'), deps.presenter.errorText(locale, error.code)));
        return;
      }
      throw error;
    }
  }

  private async cardForCommand(
    command: ReturnType<typeof parseCommand>,
    userId: string,
    locale: Locale,
    sent: { requestId?: string },
  ): Promise<Card> {
    const { deps } = this;
    const uc = deps.useCases;
    switch (command.kind) {
      case 'request': {
        // More than one day: show what the agreement says first; nothing reaches the manager before "Beantragen".
        if (expandProposal(command.spec).length > 1) {
          return deps.presenter.requestPreview(locale, command.spec, await uc.requestDays.preview({ userId, spec: command.spec }));
        }
        const result = await uc.requestDays.execute({ userId, spec: command.spec });
        sent.requestId = result.request?.id;
        return requestOutcomeCard(deps, locale, result, command.spec.half);
      }
      case 'requestForm':
        return requestFormCard(deps, userId, locale);
      case 'myWeek':
        return deps.presenter.planner(locale, await uc.planWeeks.view({ userId, weekStart: command.weekStart, locale }));
      case 'quota':
        return deps.presenter.quota(locale, await uc.myQuota.execute({ userId }));
      case 'myRequests':
        return deps.presenter.myRequests(locale, await uc.myRequests.execute(userId), deps.today());
      case 'pending':
        return pendingListCard(deps, userId, locale);
      case 'deputy':
        return delegationCard(deps, userId, locale);
      case 'deskSearch': {
        if (!command.date) return deps.desks.search(locale, { today: deps.today(), slot: command.slot });
        const slot = command.slot ?? 'day';
        const floor = command.floorHint ? findFloor(deps, command.floorHint) : undefined;
        const desks = await uc.findDesks.execute({ userId, query: { date: command.date, slot, floorId: floor } });
        return deps.desks.results(locale, { date: command.date, slot, desks, headline: 'free' });
      }
      case 'myBookings':
        return deps.desks.myBookings(locale, deps.today(), await uc.deskBookings.mine(userId));
      case 'checkIn': {
        const r = await uc.deskBookings.checkIn({ userId });
        return deps.desks.checkIn(locale, r.booking, checkInDeadlineOf(deps.policy, r.booking), r.already ? 'already-checked-in' : 'checked-in', r.checkedInAt);
      }
      case 'teamDay':
        return deps.desks.teamDay(locale, await uc.teamDay.execute({ userId, date: command.date }));
      case 'vpnReport':
        return vpnFormCard(deps, locale);
      case 'vpnMine':
        return vpnMineCard(deps, userId, locale);
      case 'vpnTicket':
        return deps.vpnPresenter.reporterTicket(locale, await uc.vpnQueries.ownTicketByNumber(userId, command.number));
      case 'privacy': {
        return this.dispatch('settings.privacy', { userId, locale, trigger: 'manual' }, {});
      }
      case 'help':
      case 'unknown':
      default: {
        return deps.presenter.menu(locale, await uc.menuFacts.execute(userId));
      }
    }
  }

  /** Remember the personal chat for proactive messages (ids only), and the service-desk channel. */
  /**
   * A person's language: the directory's (file `locale` or Graph `preferredLanguage`) first, then
   * the Teams client's locale. The Playground and many shared devices send en-US for German staff.
   */
  private async localeOf(context: TurnContext): Promise<Locale> {
    const userId = context.activity.from?.aadObjectId;
    const person = userId ? await this.deps.directory.getPerson(userId).catch(() => undefined) : undefined;
    return person?.preferredLocale ?? clientLocaleOf(context);
  }

  private async remember(context: TurnContext): Promise<void> {
    const a = context.activity;
    const userId = a.from?.aadObjectId;
    const type = a.conversation?.conversationType;
    const desk = this.deps.deskConversationId;
    // A channel's activities carry "<channel id>;messageid=<thread>" as conversation id.
    if (desk && type === 'channel' && a.serviceUrl && a.conversation?.id.split(';')[0] === desk) {
      await this.deps.useCases.registerConversation.execute({
        userId: deskChannelKey(desk),
        conversationId: desk,
        serviceUrl: a.serviceUrl,
        tenantId: a.conversation.tenantId ?? tenantFromChannelData(a.channelData),
        channelId: a.channelId,
        botId: a.recipient?.id ?? '',
      });
      return;
    }
    if (!userId || !a.conversation?.id || !a.serviceUrl || (type && type !== 'personal')) return;
    await this.deps.useCases.registerConversation.execute({
      userId,
      conversationId: a.conversation.id,
      serviceUrl: a.serviceUrl,
      tenantId: a.conversation.tenantId ?? tenantFromChannelData(a.channelData),
      channelId: a.channelId,
      botId: a.recipient?.id ?? '',
      teamsUserId: a.from.id,
      // Proactive cards (approvals, reminders) speak the language the person's chat turns speak.
      locale: await this.localeOf(context),
    });
  }
}

/** The floor whose name contains the hint, e.g. "2. OG" → the floor "2. OG" of any site. */
function findFloor(deps: BotDeps, hint: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s.]/g, '');
  const h = norm(hint);
  return deps.inventory.floors.find((f) => norm(f.name).includes(h) || h.includes(norm(f.name)))?.id;
}

/** The Teams client's language: the fallback when the directory names none for the person. */
function clientLocaleOf(context: TurnContext): Locale {
  return localeFrom(context.activity.locale);
}

function tenantFromChannelData(channelData: unknown): string | undefined {
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const tenant = (channelData as { tenant?: { id?: unknown } }).tenant;
  return typeof tenant?.id === 'string' ? tenant.id : undefined;
}

/** Sends the card; returns the id of the message holding it (empty when Teams answers in the HTTP response). */
async function sendCard(context: TurnContext, card: Card): Promise<string | undefined> {
  const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  return response?.id || undefined;
}
