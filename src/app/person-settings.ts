/** Use case: a person's own privacy and workplace settings (visible on site, needs an accessible desk). */
import { unitChain } from '../directory/directory.js';
import type { OnSiteVisibility, PersonSettings } from '../domain/desk-model.js';
import { deskRulesOf } from '../domain/desk-rules.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import { nowIso, today, type AppContext } from './app-context.js';

/** What the settings card shows: the stored settings and the default of the person's own unit. */
export interface SettingsView {
  settings: PersonSettings | undefined;
  /** The visibility "who is on site" applies while the person has chosen none (rules of their unit today). */
  defaultVisibility: OnSiteVisibility;
}

export class PersonSettingsUseCase {
  constructor(private readonly ctx: AppContext) {}

  async get(userId: string): Promise<PersonSettings | undefined> {
    return this.ctx.store.read((r) => r.getSettings(userId));
  }

  async view(userId: string): Promise<SettingsView> {
    const person = await this.ctx.directory.getPerson(userId);
    const chain = person ? await unitChain(this.ctx.directory, person.orgUnitId) : [];
    const { rules } = rulesInForce(this.ctx.policy, chain, today(this.ctx));
    return { settings: await this.get(userId), defaultVisibility: deskRulesOf(rules).defaultOnSiteVisibility };
  }

  async save(input: { userId: string; onSiteVisibility: OnSiteVisibility; needsAccessibleDesk: boolean }): Promise<PersonSettings> {
    const settings: PersonSettings = {
      personId: input.userId,
      onSiteVisibility: input.onSiteVisibility,
      needsAccessibleDesk: input.needsAccessibleDesk,
      updatedAt: nowIso(this.ctx),
    };
    await this.ctx.store.transact((tx) => tx.putSettings(settings));
    this.ctx.logger.info('settings_saved', { userId: input.userId, visibility: input.onSiteVisibility });
    return settings;
  }
}
