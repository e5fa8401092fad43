/**
 * The port to read people's Teams availability (Microsoft Graph presence, app-only). Absent when
 * Graph or the presence setting is off: then nothing shows availability.
 */
export type AvailabilityWord = 'available' | 'busy' | 'away' | 'offline';

export interface PresencePort {
  /** Availability per person id (lower-case keys); people Graph does not know are missing. */
  availabilityOf(personIds: readonly string[]): Promise<Map<string, AvailabilityWord>>;
}
