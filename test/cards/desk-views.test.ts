import assert from 'node:assert/strict';
import {
  DESK_REASON_PARAMS,
  checkInView,
  deskAttributesText,
  deskBookedView,
  deskConflictView,
  deskReasonText,
  deskResultsView,
  deskSearchView,
  deskWhereText,
  myBookingsView,
  privacySettingsView,
  teamDayView,
  weekdayDayText,
  type DeskReasonCode,
} from '../../src/cards/view-models.js';
import { MAX_LIST_ITEMS } from '../../src/cards/view-helpers.js';
import { renderCard } from '../../src/cards/render.js';
import { DESK_ATTRIBUTES } from '../../src/domain/desk-model.js';
import { actionsOf, allObjects, allStrings, executeActions, inputsOf } from './card-walk.js';
import { DESK_ROWS, FLOORS, SITES, TODAY, makeBooking } from './fixtures.js';

describe('desk view models', () => {
  describe('texts', () => {
    it('attributes are written out as words, in a fixed order, without repeats', () => {
      assert.equal(
        deskAttributesText('de', ['accessible', 'height-adjustable', 'docking-station', 'two-monitors', 'accessible']),
        'Dockingstation · zwei Monitore · höhenverstellbar · barrierefrei',
      );
      assert.equal(deskAttributesText('en', ['phone', 'quiet-zone']), 'quiet zone · phone');
      assert.equal(deskAttributesText('de', []), '');
      for (const a of DESK_ATTRIBUTES) assert.doesNotMatch(deskAttributesText('de', [a]), /deskAttribute|-/, a);
    });

    it('where: floor, room, site; numbered rooms get "Raum"; names escaped for the TextBlock ("2." is no list)', () => {
      assert.equal(deskWhereText('de', { floorName: '2. OG', roomName: '214', siteName: 'Hauptgebäude' }), '2\\. OG, Raum 214, Hauptgebäude');
      assert.equal(deskWhereText('de', { floorName: 'EG', roomName: '*Chef*', siteName: 'Haus (B)' }), 'EG, \\*Chef\\*, Haus \\(B\\)');
      assert.equal(deskWhereText('en', { floorName: '2nd floor', roomName: '214', siteName: 'Main building' }), '2nd floor, Room 214, Main building');
      assert.equal(deskWhereText('de', { floorName: 'EG', roomName: 'Großraumbüro Nord', siteName: 'Rathaus' }), 'EG, Großraumbüro Nord, Rathaus');
      assert.equal(deskWhereText('de', { floorName: 'EG', siteName: 'Rathaus' }), 'EG, Rathaus');
      assert.equal(deskWhereText('de', { floorName: 'EG', roomName: ' ', siteName: 'Rathaus' }), 'EG, Rathaus');
    });

    it('weekday with day and month', () => {
      assert.equal(weekdayDayText('de', '2026-12-03'), 'Donnerstag, 03.12.');
      assert.equal(weekdayDayText('en', '2026-12-03'), 'Thursday, 3 Dec');
    });
  });

  describe('deskReasonText', () => {
    const codes = Object.keys(DESK_REASON_PARAMS) as DeskReasonCode[];

    it('has a sentence for every code in both languages', () => {
      for (const code of codes) {
        for (const locale of ['de', 'en'] as const) {
          const text = deskReasonText(locale, { code, params: { lastDate: '2027-02-23', name: 'Neujahr', limit: 4, freeFrom: '2026-12-01' } });
          assert.doesNotMatch(text, /[{}]|deskReason/, `${locale} ${code}: ${text}`);
          assert.ok(text.length > 10);
        }
      }
    });

    it('fills params, formats dates, and falls back to a sentence without numbers', () => {
      assert.equal(deskReasonText('de', { code: 'OUTSIDE_WINDOW', params: { lastDate: '2027-02-23' } }), 'So weit im Voraus können Sie noch nicht buchen. Plätze sind bis zum 23.02.2027 buchbar.');
      assert.equal(deskReasonText('de', { code: 'MAX_ACTIVE_BOOKINGS', params: { limit: 1 } }), 'Sie haben bereits 1 Buchung; mehr sind gleichzeitig nicht möglich. Bitte stornieren Sie zuerst eine.');
      assert.equal(deskReasonText('en', { code: 'ZONE_RESERVED', params: { freeFrom: '2026-12-01' } }), "This desk is in another team's area. You can book it from 1 Dec 2026.");
      assert.equal(deskReasonText('de', { code: 'FLOOR_FULL' }), 'Auf dieser Etage ist zu dieser Zeit kein Platz mehr frei.');
      assert.equal(deskReasonText('de', { code: 'SLOT_TAKEN', params: {} }), 'Dieser Platz ist zu dieser Zeit schon gebucht.');
      assert.equal(deskReasonText('de', { code: 'NO_SUCH_CODE' }), 'Da ist etwas schiefgegangen. Bitte versuchen Sie es später noch einmal.');
    });
  });

  describe('deskSearchView', () => {
    it('offers sites, floors (with site names when there are several sites) and attributes as words', () => {
      const v = deskSearchView('de', { today: TODAY, sites: SITES, floors: FLOORS.slice(0, 2), attributes: ['accessible', 'docking-station'] });
      assert.equal(v.minDate, TODAY);
      assert.equal(v.maxDate, null);
      assert.equal(v.hasSites, true);
      assert.match(v.floorChoices[0]?.title ?? '', /^Erdgeschoss \(Landratsamt/);
      assert.deepEqual(v.attributeChoices, [
        { title: 'Dockingstation', value: 'docking-station' },
        { title: 'Barrierefrei', value: 'accessible' },
      ]);
      assert.deepEqual(v.values, { date: '', slot: 'day', site: '', floor: '', attributes: '', nearTeam: 'false' });
      assert.equal(v.dateRangeError, 'Bitte wählen Sie einen Tag ab 25.11.2026.');
    });

    it('one site: no site choice; pre-filled values survive, unknown attributes are dropped', () => {
      const v = deskSearchView('en', {
        today: TODAY,
        date: '2026-12-03',
        slot: 'afternoon',
        sites: SITES.slice(0, 1),
        floors: FLOORS.slice(0, 1),
        attributes: ['phone'],
        maxDate: '2027-02-23',
        values: { attributes: ['phone', 'accessible'], nearTeam: true },
      });
      assert.equal(v.hasSites, false);
      assert.equal(v.hasFloors, false);
      assert.equal(v.values.attributes, 'phone');
      assert.equal(v.values.nearTeam, 'true');
      assert.equal(v.values.slot, 'afternoon');
      assert.equal(v.dateRangeError, 'Please choose a day between 25 Nov 2026 and 23 Feb 2027.');
    });
  });

  describe('deskResultsView', () => {
    it('one row per desk: label, where, attributes as text, team area, book data', () => {
      const v = deskResultsView('de', { date: '2026-12-03', slot: 'day', desks: DESK_ROWS.slice(0, 5) });
      assert.equal(v.title, 'Freie Plätze: Do, 03.12.2026, ganzer Tag');
      const first = v.desks[0];
      assert.equal(first?.labelText, 'Platz 200 A');
      assert.equal(first?.bookTitle, 'Platz 200 A buchen');
      assert.match(first?.whereText ?? '', /^2\\\. Obergeschoss \\\(Ostflügel\\\), Raum 200, Landratsamt/);
      assert.equal(first?.attributesText, 'Ausstattung: Dockingstation · zwei Monitore · höhenverstellbar · barrierefrei · Ruhezone · Telefon');
      assert.equal(first?.teamZone, true);
      assert.equal(v.desks[4]?.attributesText, 'Ausstattung: Standardausstattung');
      assert.equal(v.hasNotice, false);
      const card = renderCard('desk-results', v, 'de');
      const book = executeActions(card).filter((a) => a.verb === 'desk.book');
      assert.equal(book.length, 5);
      assert.deepEqual(book[0]?.data, { deskId: 'RH-2-200-A', date: '2026-12-03', slot: 'day' });
      const texts = allStrings(card);
      assert.ok(texts.includes('Team-Bereich: in der Nähe Ihres Teams'));
      assert.equal(texts.filter((s) => s === 'Team-Bereich: in der Nähe Ihres Teams').length, 3);
    });

    it('caps the list and says so', () => {
      const v = deskResultsView('en', { date: '2026-12-03', slot: 'morning', desks: DESK_ROWS });
      assert.equal(v.desks.length, MAX_LIST_ITEMS);
      assert.equal(v.hasMore, true);
      assert.equal(v.moreText, `Showing ${MAX_LIST_ITEMS} of 30 free desks. Choose a site, floor or equipment to narrow the list.`);
    });

    it('alternatives: other headline and the notice on top', () => {
      const v = deskResultsView('de', {
        date: '2026-12-03',
        slot: 'morning',
        desks: DESK_ROWS.slice(0, 2),
        headline: 'alternatives',
        noticeText: 'Der gewünschte Platz ist leider schon vergeben. Diese Plätze sind frei:',
      });
      assert.equal(v.title, 'Andere freie Plätze: Do, 03.12.2026, vormittags');
      assert.equal(v.hasNotice, true);
      const texts = allStrings(renderCard('desk-results', v, 'de'));
      assert.ok(texts.indexOf(v.noticeText) < texts.indexOf('Platz 200 A'));
    });

    it('empty: a friendly text and a button to search again for that day', () => {
      const v = deskResultsView('de', { date: '2026-12-03', slot: 'day', desks: [] });
      assert.equal(v.hasDesks, false);
      const card = renderCard('desk-results', v, 'de');
      assert.ok(allStrings(card).some((s) => s.startsWith('Für Ihre Auswahl ist leider kein Platz frei.')));
      const again = executeActions(card).find((a) => a.verb === 'desk.search');
      assert.deepEqual(again?.data, { date: '2026-12-03' });
      assert.equal(executeActions(card).filter((a) => a.verb === 'desk.book').length, 0);
    });
  });

  describe('deskBookedView', () => {
    const booking = makeBooking(1, '2026-12-03', { slot: 'morning' });

    it('confirms with facts, the check-in rule and a cancel button', () => {
      const v = deskBookedView('de', { booking, deskLabel: '214 A', where: '2. OG, Raum 214, Hauptgebäude', attributes: ['accessible', 'docking-station'], checkInDeadline: '10:00' });
      assert.deepEqual(v.facts.map((f) => f.value), ['214 A', '2. OG, Raum 214, Hauptgebäude', 'Do, 03.12.2026, vormittags', 'Dockingstation · barrierefrei']);
      assert.equal(v.checkInText, 'Bitte checken Sie am Do, 03.12.2026 bis 10:00 Uhr ein („Ich bin da“), sonst wird der Platz für andere freigegeben.');
      assert.equal(v.hasSeries, false);
      const card = renderCard('desk-booked', v, 'de');
      assert.deepEqual(executeActions(card).find((a) => a.verb === 'desk.cancel')?.data, { bookingId: booking.id });
      assert.ok(executeActions(card).some((a) => a.verb === 'desk.mine'));
    });

    it('mentions the series', () => {
      const v = deskBookedView('en', { booking, deskLabel: '214 A', where: 'x', attributes: [], checkInDeadline: '09:30', seriesCount: 8 });
      assert.equal(v.seriesText, 'This booking is part of a series of 8 dates.');
      assert.equal(v.facts[3]?.value, 'standard equipment');
      assert.match(v.checkInText, /by 09:30/);
    });
  });

  describe('myBookingsView', () => {
    it('only active bookings from today on, soonest first; check-in only today while booked', () => {
      const where = 'EG, Rathaus';
      const v = myBookingsView('de', {
        today: TODAY,
        bookings: [
          { booking: makeBooking(3, '2026-12-01', { slot: 'day' }), deskLabel: 'C', where },
          { booking: makeBooking(1, TODAY, { slot: 'morning' }), deskLabel: 'A', where },
          { booking: makeBooking(2, TODAY, { slot: 'afternoon', status: 'checked-in' }), deskLabel: 'B', where },
          { booking: makeBooking(4, '2026-11-20'), deskLabel: 'past', where },
          { booking: makeBooking(5, '2026-12-02', { status: 'cancelled' }), deskLabel: 'cancelled', where },
          { booking: makeBooking(6, '2026-12-02', { status: 'released', releaseReason: 'no-show' }), deskLabel: 'released', where },
        ],
      });
      assert.deepEqual(
        v.items.map((i) => [i.dateText, i.deskText, i.statusText, i.canCheckIn]),
        [
          ['Mi, 25.11.2026 (heute), vormittags', 'Platz A', 'gebucht', true],
          ['Mi, 25.11.2026 (heute), nachmittags', 'Platz B', 'eingecheckt', false],
          ['Di, 01.12.2026, ganzer Tag', 'Platz C', 'gebucht', false],
        ],
      );
      const card = renderCard('desk-my-bookings', v, 'de');
      assert.equal(executeActions(card).filter((a) => a.verb === 'desk.checkIn').length, 1);
      assert.equal(executeActions(card).filter((a) => a.verb === 'desk.cancel').length, 3);
    });

    it('empty list', () => {
      const v = myBookingsView('en', { today: TODAY, bookings: [] });
      assert.equal(v.hasItems, false);
      assert.ok(allStrings(renderCard('desk-my-bookings', v, 'en')).includes('You have no upcoming desk bookings.'));
    });
  });

  describe('checkInView', () => {
    const booking = makeBooking(1, TODAY, { slot: 'day' });
    const base = { booking, deskLabel: '214 A', where: '2. OG, Raum 214, Hauptgebäude', deadline: '10:00' };

    it('due and reminder offer "Ich bin da" and cancel', () => {
      for (const state of ['due', 'reminder'] as const) {
        const v = checkInView('de', { ...base, state });
        assert.equal(v.canCheckIn, true);
        assert.match(v.text, /bis 10:00 Uhr ein/);
        const verbs = executeActions(renderCard('desk-check-in', v, 'de')).map((a) => a.verb);
        assert.ok(verbs.includes('desk.checkIn') && verbs.includes('desk.cancel'), state);
      }
      assert.equal(checkInView('de', { ...base, state: 'reminder' }).title, 'Erinnerung: Bitte einchecken');
    });

    it('checked in: no check-in button', () => {
      const v = checkInView('en', { ...base, state: 'checked-in' });
      assert.equal(v.text, 'Thank you! You are checked in at desk 214 A (Wed, 25 Nov 2026, whole day).');
      assert.ok(!executeActions(renderCard('desk-check-in', v, 'en')).some((a) => a.verb === 'desk.checkIn'));
    });

    it('released: says why, offers a new search for that day', () => {
      const noShow = checkInView('de', { ...base, state: 'released' });
      assert.equal(noShow.text, 'Der Platz 214 A für Mi, 25.11.2026, ganzer Tag wurde freigegeben, weil bis 10:00 Uhr niemand eingecheckt hat.');
      const card = renderCard('desk-check-in', noShow, 'de');
      assert.deepEqual(executeActions(card).find((a) => a.verb === 'desk.search')?.data, { date: TODAY });
      assert.ok(!executeActions(card).some((a) => a.verb === 'desk.checkIn'));
      const absence = checkInView('de', { ...base, booking: { ...booking, releaseReason: 'absence' }, state: 'released' });
      assert.match(absence.text, /Abwesenheit/);
      const mobile = checkInView('en', { ...base, booking: { ...booking, releaseReason: 'mobile-work' }, state: 'released' });
      assert.match(mobile.text, /because you work remotely that day/);
    });
  });

  describe('teamDayView', () => {
    it('names A–Z, hidden people only as a number, the date in the title', () => {
      const v = teamDayView('de', { date: '2026-12-03', orgUnitName: 'Hauptamt', names: ['Zoe Zimmermann', 'Ömer Öztürk', 'anna Amsel', 'Bernd Bauer'], hiddenCount: 2 });
      assert.equal(v.title, 'Wer ist am Donnerstag, 03.12. im Büro?');
      assert.deepEqual(v.names.map((n) => n.name), ['anna Amsel', 'Bernd Bauer', 'Ömer Öztürk', 'Zoe Zimmermann']);
      assert.equal(v.summaryText, 'und 2 weitere Kolleg:innen');
      assert.equal(teamDayView('de', { date: '2026-12-03', orgUnitName: 'x', names: ['A'], hiddenCount: 1 }).summaryText, 'und 1 weitere Person');
      assert.equal(teamDayView('en', { date: '2026-12-03', orgUnitName: 'x', names: ['A'], hiddenCount: 3 }).summaryText, 'and 3 more colleagues');
      assert.equal(teamDayView('de', { date: '2026-12-03', orgUnitName: 'x', names: ['A'], hiddenCount: 0 }).hasSummary, false);
    });

    it('nobody named: a count or a "nobody yet"', () => {
      assert.equal(teamDayView('de', { date: '2026-12-03', orgUnitName: 'x', names: [], hiddenCount: 1 }).summaryText, '1 Person aus Ihrem Team ist an diesem Tag im Büro.');
      assert.equal(teamDayView('en', { date: '2026-12-03', orgUnitName: 'x', names: [], hiddenCount: 4 }).summaryText, '4 people from your team are in the office that day.');
      assert.equal(teamDayView('de', { date: '2026-12-03', orgUnitName: 'x', names: [], hiddenCount: 0 }).summaryText, 'Für diesen Tag hat noch niemand aus Ihrem Team einen Platz gebucht.');
    });

    it('the card holds no person names beyond `names`, no counts per person, no mobile count', () => {
      const names = ['Anna Amsel', 'Bernd Bauer'];
      const v = teamDayView('de', { date: '2026-12-03', orgUnitName: 'Hauptamt', names, hiddenCount: 5, mobileCount: undefined });
      const card = renderCard('team-day', v, 'de');
      const texts = allStrings(card);
      for (const n of names) assert.equal(texts.filter((s) => s === n).length, 1, n);
      const shown = allObjects(card).filter((o) => o.type === 'TextBlock').map((o) => String(o.text));
      const numbers = shown.filter((s) => /\d/.test(s));
      assert.deepEqual(numbers, ['Wer ist am Donnerstag, 03.12. im Büro?', 'und 5 weitere Kolleg:innen']);
      assert.ok(!texts.some((s) => /mobil/i.test(s) && s !== v.title && !s.startsWith('Hier erscheinen')));
      assert.equal(inputsOf(card).length, 0);
    });

    it('more than the cap: the rest is counted with the hidden ones', () => {
      const names = Array.from({ length: 130 }, (_, i) => `Person ${String(i).padStart(3, '0')}`);
      const v = teamDayView('de', { date: '2026-12-03', orgUnitName: 'x', names, hiddenCount: 4 });
      assert.equal(v.names.length, 100);
      assert.equal(v.summaryText, 'und 34 weitere Kolleg:innen');
    });

    it('prev/next skip the weekend; book and privacy buttons', () => {
      const v = teamDayView('de', { date: '2026-12-07', orgUnitName: 'x', names: [], hiddenCount: 0 });
      assert.equal(v.prevDate, '2026-12-04');
      assert.equal(teamDayView('de', { date: '2026-12-04', orgUnitName: 'x', names: [], hiddenCount: 0 }).nextDate, '2026-12-07');
      const actions = executeActions(renderCard('team-day', v, 'de'));
      assert.deepEqual(actions.map((a) => [a.verb, a.data]), [
        ['desk.teamDay', { date: '2026-12-04' }],
        ['desk.teamDay', { date: '2026-12-08' }],
        ['desk.search', { date: '2026-12-07' }],
        ['settings.privacy', undefined],
      ]);
    });
  });

  describe('deskConflictView', () => {
    it('mobile day on a desk booking: switch to office (with or without a desk) or stay mobile', () => {
      const withDesk = deskConflictView('de', { date: '2026-12-03', kind: 'mobile-day-on-desk', requestId: 'req-1', deskId: 'RH-2-214-A', deskLabel: '214 A', slot: 'morning' });
      assert.equal(withDesk.text, 'Sie haben an diesem Tag (Do, 03.12.2026) mobiles Arbeiten eingetragen. Tag zurückziehen und den Platz 214 A buchen?');
      let actions = executeActions(renderCard('desk-conflict', withDesk, 'de'));
      assert.deepEqual(actions.map((a) => [a.verb, a.data]), [
        ['desk.switchToOffice', { requestId: 'req-1', deskId: 'RH-2-214-A', date: '2026-12-03', slot: 'morning' }],
        ['desk.keepMobile', { date: '2026-12-03' }],
      ]);
      const search = deskConflictView('de', { date: '2026-12-03', kind: 'mobile-day-on-desk', requestId: 'req-1' });
      assert.equal(search.text, 'Sie haben an diesem Tag (Do, 03.12.2026) mobiles Arbeiten eingetragen. Tag zurückziehen und Platz buchen?');
      actions = executeActions(renderCard('desk-conflict', search, 'de'));
      assert.deepEqual(actions[0]?.data, { requestId: 'req-1', date: '2026-12-03', slot: 'day' });
    });

    it('desk booking on a requested mobile day: switch to mobile or keep the desk', () => {
      const v = deskConflictView('en', { date: '2026-12-03', kind: 'desk-on-mobile-day', bookingId: 'bk-1', deskLabel: '214 A' });
      assert.equal(v.text, 'You booked desk 214 A for this day (Thu, 3 Dec 2026). Cancel the booking and plan remote work?');
      const actions = executeActions(renderCard('desk-conflict', v, 'en'));
      assert.deepEqual(actions.map((a) => [a.verb, a.data]), [
        ['homeOffice.switchToMobile', { bookingId: 'bk-1', date: '2026-12-03', dates: '2026-12-03' }],
        ['homeOffice.keepDesk', { date: '2026-12-03' }],
      ]);
    });
  });

  it('privacySettingsView: current values, inputs visibility and needsAccessibleDesk, submit settings.save', () => {
    const v = privacySettingsView('de', { visibility: 'hidden', needsAccessibleDesk: true });
    assert.deepEqual(v.values, { visibility: 'hidden', needsAccessibleDesk: 'true' });
    const card = renderCard('privacy-settings', v, 'de');
    assert.deepEqual(inputsOf(card).map((i) => [i.id, i.value]), [['visibility', 'hidden'], ['needsAccessibleDesk', 'true']]);
    assert.ok(actionsOf(card).some((a) => a.verb === 'settings.save'));
  });
});
