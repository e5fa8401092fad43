/** Desk sharing results → Adaptive Cards, through `src/cards/desk-views.ts` and `cards/desk-*.json`. */
import { deskReasonText, t } from '../cards/i18n.js';
import { renderCard } from '../cards/render.js';
import {
  checkInView,
  deskBookedView,
  deskConflictView,
  deskResultsView,
  deskSearchView,
  deskWhereText,
  myBookingsView,
  privacySettingsView,
  teamDayView,
} from '../cards/desk-views.js';
import { DESK_ATTRIBUTES, type Desk, type DeskInventory } from '../domain/desk-model.js';
import type { Locale } from '../domain/model.js';
import type { DeskPresenter } from './desk-presenter-port.js';
import type { Card } from './presenter-port.js';

export function createDeskPresenter(inventory: DeskInventory): DeskPresenter {
  const floors = new Map(inventory.floors.map((f) => [f.id, f]));
  const sites = new Map(inventory.sites.map((s) => [s.id, s]));
  const rooms = new Map(inventory.rooms.map((r) => [r.id, r]));
  const desks = new Map(inventory.desks.map((d) => [d.id, d]));
  const card = (c: object): Card => ({ ...c });

  const place = (desk: Desk) => ({
    floorName: floors.get(desk.floorId)?.name ?? desk.floorId,
    roomName: rooms.get(desk.roomId)?.name,
    siteName: sites.get(desk.siteId)?.name ?? desk.siteId,
  });
  const where = (locale: Locale, deskId: string) => {
    const desk = desks.get(deskId);
    return desk ? deskWhereText(locale, place(desk)) : '';
  };
  const label = (deskId: string) => desks.get(deskId)?.label ?? deskId;

  return {
    search: (locale, o) =>
      card(
        renderCard(
          'desk-search',
          deskSearchView(locale, {
            today: o.today,
            date: o.date,
            slot: o.slot,
            sites: inventory.sites.map((s) => ({ id: s.id, name: s.name })),
            floors: inventory.floors.map((f) => ({ id: f.id, name: f.name, siteId: f.siteId })),
            attributes: [...DESK_ATTRIBUTES],
            errorText: o.errorText,
          }),
          locale,
        ),
      ),
    results: (locale, r) =>
      card(
        renderCard(
          'desk-results',
          deskResultsView(locale, {
            date: r.date,
            slot: r.slot,
            headline: r.headline,
            noticeText: r.noticeText,
            desks: r.desks.map(({ desk, teamZone }) => ({
              deskId: desk.id,
              label: desk.label,
              ...place(desk),
              attributes: desk.attributes,
              teamZone,
            })),
          }),
          locale,
        ),
      ),
    booked: (locale, booking, desk, checkInDeadline, seriesCount, refused) =>
      card(
        renderCard(
          'desk-booked',
          deskBookedView(locale, {
            booking,
            deskLabel: desk.label,
            where: deskWhereText(locale, place(desk)),
            attributes: desk.attributes,
            checkInDeadline,
            seriesCount,
            refused: (refused ?? []).map((r) => ({ date: r.date, reasonText: r.reasons[0] ? deskReasonText(locale, r.reasons[0]) : '' })),
          }),
          locale,
        ),
      ),
    myBookings: (locale, today, bookings) =>
      card(
        renderCard(
          'desk-my-bookings',
          myBookingsView(locale, {
            today,
            bookings: bookings.map((booking) => ({ booking, deskLabel: label(booking.deskId), where: where(locale, booking.deskId) })),
          }),
          locale,
        ),
      ),
    checkIn: (locale, booking, deadline, state, checkedInAt) =>
      card(
        renderCard(
          'desk-check-in',
          checkInView(locale, { booking, deskLabel: label(booking.deskId), where: where(locale, booking.deskId), deadline, state, checkedInAt }),
          locale,
        ),
      ),
    teamDay: (locale, r) => {
      const names = r.names.map((name) => {
        const word = r.availabilityByName?.[name];
        return word ? t(locale, 'presence.withName', { name, availability: t(locale, `presence.${word}`) }) : name;
      });
      return card(renderCard('team-day', teamDayView(locale, { date: r.date, orgUnitName: r.orgUnitName, names, hiddenCount: r.hiddenCount, youOnSite: r.youOnSite }), locale));
    },
    conflict: (locale, c) =>
      card(
        renderCard(
          'desk-conflict',
          c.kind === 'mobile-day-on-desk'
            ? deskConflictView(locale, {
                kind: c.kind,
                date: c.date,
                requestId: c.requestId,
                deskId: c.deskId || undefined,
                slot: c.slot,
                deskLabel: c.deskLabel,
              })
            : deskConflictView(locale, {
                kind: c.kind,
                date: c.date,
                bookingId: c.bookingId,
                deskLabel: c.deskLabel,
                dates: c.dates,
                half: c.half,
              }),
          locale,
        ),
      ),
    privacy: (locale, s) => card(renderCard('privacy-settings', privacySettingsView(locale, s), locale)),
    reasonsText: (locale, reasons) => reasons.map((r) => deskReasonText(locale, r)).join(' '),
    settingsOf: (s, defaultVisibility) => ({
      visibility: s?.onSiteVisibility ?? defaultVisibility,
      needsAccessibleDesk: s?.needsAccessibleDesk === true,
    }),
  };
}
