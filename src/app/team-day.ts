/**
 * Query: "Wer ist am Donnerstag im Büro?" — who of the person's own org unit has a desk that day.
 * Names only of those who allow it (per-person setting; default from the policy); nothing ranks
 * or counts individuals.
 */
import type { IsoDate } from '../domain/dates.js';
import type { PersonSettings } from '../domain/desk-model.js';
import { onSiteView } from '../domain/desk-on-site.js';
import { isActiveBooking } from '../domain/desk-slots.js';
import type { AppContext } from './app-context.js';
import { deskRulesFor } from './desk-booking-context.js';
import { loadPersonFacts } from './person-facts.js';
import type { AvailabilityWord } from './presence-port.js';
import { today } from './app-context.js';

export interface TeamDayResult {
  date: IsoDate;
  orgUnitName: string;
  names: string[];
  hiddenCount: number;
  /** The asker is not counted above; true when they have a desk that day. */
  youOnSite: boolean;
  /** Today only, with presence configured: availability of the people shown by name. */
  availabilityByName?: Record<string, AvailabilityWord>;
}

export class TeamDay {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: { userId: string; date: IsoDate }): Promise<TeamDayResult> {
    const { ctx } = this;
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const members = await ctx.directory.listOrgUnitMembers(facts.person.orgUnitId);
    const unit = await ctx.directory.getOrgUnit(facts.person.orgUnitId);
    const rules = deskRulesFor(ctx, facts, input.date);
    const ids = new Set(members.map((m) => m.id));
    const result = await ctx.store.read(async (reader) => {
      const bookings = (await reader.listBookingsOnDate(input.date)).filter((b) => ids.has(b.personId) && isActiveBooking(b));
      const settings: Record<string, PersonSettings | undefined> = {};
      for (const m of members) settings[m.id] = await reader.getSettings(m.id);
      const view = onSiteView({
        date: input.date,
        bookings,
        members: members.map((m) => ({ id: m.id, displayName: m.displayName })),
        settings,
        defaultVisibility: rules.defaultOnSiteVisibility,
        viewerId: input.userId,
      });
      return { date: input.date, orgUnitName: unit?.name ?? facts.person.orgUnitId, names: view.names, hiddenCount: view.hiddenCount, youOnSite: bookings.some((b) => b.personId === input.userId) };
    });
    if (!ctx.presence || input.date !== today(ctx) || result.names.length === 0) return result;
    // Availability only next to names people chose to show, and only for today.
    const shown = members.filter((m) => result.names.includes(m.displayName));
    try {
      const presence = await ctx.presence.availabilityOf(shown.map((m) => m.id));
      const availabilityByName: Record<string, AvailabilityWord> = {};
      for (const m of shown) {
        const word = presence.get(m.id.toLowerCase());
        if (word) availabilityByName[m.displayName] = word;
      }
      return { ...result, availabilityByName };
    } catch (e) {
      // Presence is a nicety: a Graph problem must not break the view.
      ctx.logger.warn('presence_unavailable', { errorName: e instanceof Error ? e.name : 'unknown' });
      return result;
    }
  }
}
