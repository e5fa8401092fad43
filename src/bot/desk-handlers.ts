/**
 * The desk-sharing verbs, one handler each, merged into the bot's verb table. Like the other
 * handlers: parse the data with zod, call a use case with the clicker's id, return the card.
 */
import type { Directory } from '../directory/directory.js';
import { addDays, weekdayOf, type IsoDate } from '../domain/dates.js';
import type { DeskInventory } from '../domain/desk-model.js';
import { checkInDeadlineOf } from '../domain/desk-check-in.js';
import { DomainError } from '../domain/errors.js';
import type { Locale, Policy } from '../domain/model.js';
import { rememberEmployeeCard } from './action-handlers.js';
import type { DeskPresenter } from './desk-presenter-port.js';
import type { Presenter } from './presenter-port.js';
import type { UseCases } from './use-cases.js';
import type { VerbHandlers } from './verb-table.js';

export interface DeskDeps {
  useCases: UseCases;
  desks: DeskPresenter;
  presenter: Presenter;
  inventory: DeskInventory;
  policy: Policy;
  directory: Directory;
  today: () => IsoDate;
}


export function createDeskHandlers(deps: DeskDeps) {
  const uc = deps.useCases;
  const d = deps.desks;

  const book = async (userId: string, locale: Locale, deskId: string, date: IsoDate, slot: 'day' | 'morning' | 'afternoon', switchFromMobile = false) => {
    const r = await uc.bookDesk.execute({ userId, deskId, date, slot, switchFromMobile });
    if (r.kind === 'mobile-day') {
      const desk = deps.inventory.desks.find((x) => x.id === deskId);
      return d.conflict(locale, { kind: 'mobile-day-on-desk', date, requestId: r.request.id, deskId, slot, deskLabel: desk?.label });
    }
    if (r.kind === 'refused') {
      return d.results(locale, {
        date,
        slot,
        desks: r.alternatives.map((desk) => ({ desk, teamZone: false })),
        headline: 'alternatives',
        noticeText: d.reasonsText(locale, r.reasons),
      });
    }
    return d.booked(locale, r.booking, r.desk, checkInDeadlineOf(deps.policy, r.booking));
  };

  return {
    'desk.search': async (t) => {
      const { date } = t.input;
      return d.search(t.locale, { today: deps.today(), date: date ?? addDays(deps.today(), 1) });
    },

    'desk.find': async (t) => {
      const q = t.input;
      const desks = await uc.findDesks.execute({
        userId: t.userId,
        query: { date: q.date, slot: q.slot, siteId: q.site, floorId: q.floor, attributes: q.attributes, nearTeam: q.nearTeam },
      });
      return d.results(t.locale, { date: q.date, slot: q.slot, desks, headline: 'free' });
    },

    'desk.book': async (t) => {
      const { deskId, date, slot } = t.input;
      return book(t.userId, t.locale, deskId, date, slot);
    },

    'desk.repeat': async (t) => {
      const { bookingId, until } = t.input;
      const mine = await uc.deskBookings.mine(t.userId);
      const first = mine.find((b) => b.id === bookingId);
      if (!first) throw new DomainError('BOOKING_NOT_FOUND', 'no such booking of this person', { bookingId });
      const series = await uc.bookDesk.series({
        userId: t.userId,
        deskId: first.deskId,
        slot: first.slot,
        weekdays: [weekdayOf(first.date)],
        from: addDays(first.date, 1),
        until,
      });
      const desk = deps.inventory.desks.find((x) => x.id === first.deskId);
      if (!desk) throw new DomainError('BOOKING_NOT_FOUND', 'desk no longer in the inventory');
      return d.booked(t.locale, first, desk, checkInDeadlineOf(deps.policy, first), series.booked.length + 1, series.refused);
    },

    'desk.cancel': async (t) => {
      const { bookingId } = t.input;
      await uc.deskBookings.cancel({ userId: t.userId, bookingId });
      return d.myBookings(t.locale, deps.today(), await uc.deskBookings.mine(t.userId));
    },

    'desk.mine': async (t) => d.myBookings(t.locale, deps.today(), await uc.deskBookings.mine(t.userId)),

    'desk.checkIn': async (t) => {
      const { bookingId } = t.input;
      const r = await uc.deskBookings.checkIn({ userId: t.userId, bookingId });
      return d.checkIn(t.locale, r.booking, checkInDeadlineOf(deps.policy, r.booking), r.already ? 'already-checked-in' : 'checked-in', r.checkedInAt);
    },

    'desk.teamDay': async (t) => {
      const { date } = t.input;
      return d.teamDay(t.locale, await uc.teamDay.execute({ userId: t.userId, date: date ?? deps.today() }));
    },

    'desk.switchToOffice': async (t) => {
      const { deskId, date, slot } = t.input;
      return book(t.userId, t.locale, deskId, date, slot, true);
    },

    'desk.keepMobile': async (t) => deps.presenter.myRequests(t.locale, await uc.myRequests.execute(t.userId), deps.today()),

    'homeOffice.switchToMobile': async (t) => {
      const { dates, half } = t.input;
      const result = await uc.requestDays.execute({ userId: t.userId, spec: { type: 'dates', dates, half }, releaseDesks: true });
      await rememberEmployeeCard(deps, t.userId, result, t.message);
      return deps.presenter.requestResult(t.locale, result);
    },

    'homeOffice.keepDesk': async (t) => d.myBookings(t.locale, deps.today(), await uc.deskBookings.mine(t.userId)),

    'settings.privacy': async (t) => {
      const view = await uc.settings.view(t.userId);
      return d.privacy(t.locale, d.settingsOf(view.settings, view.defaultVisibility));
    },

    'settings.save': async (t) => {
      const { visibility, needsAccessibleDesk } = t.input;
      const s = await uc.settings.save({ userId: t.userId, onSiteVisibility: visibility, needsAccessibleDesk });
      return d.privacy(t.locale, d.settingsOf(s, visibility));
    },
  } satisfies Partial<VerbHandlers>;
}
