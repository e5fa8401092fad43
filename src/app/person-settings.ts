/** Use case: a person's own privacy and workplace settings (visible on site, needs an accessible desk). */
import type { OnSiteVisibility, PersonSettings } from '../domain/desk-model.js';
import { nowIso, type AppContext } from './app-context.js';

export class PersonSettingsUseCase {
  constructor(private readonly ctx: AppContext) {}

  async get(userId: string): Promise<PersonSettings | undefined> {
    return this.ctx.store.read((r) => r.getSettings(userId));
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
