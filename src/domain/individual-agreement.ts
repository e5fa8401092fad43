/**
 * Individual agreements: a person's own limit for a cap, either a band the agreement offers
 * (`band`, e.g. "60 %") or a limit set by written agreement. Valid from/to; outside that period
 * the cap's general limit applies. Changing an agreement only affects days judged afterwards:
 * decided days keep their stored status.
 */
import type { IsoDate } from './dates.js';
import type { Cap } from './cap-model.js';

export interface IndividualAgreement {
  personId: string;
  /** Id of the cap whose limit this replaces. */
  capId: string;
  /** The band chosen (an id of `cap.individual.bands`), when the limit comes from a band. */
  band?: string;
  /** The person's limit, in the cap's measure (share 0…1, hours or days). */
  limit: number;
  validFrom: IsoDate;
  validTo?: IsoDate;
}

/** The agreement of `personId` for `cap` valid on `date`, if the cap allows individual limits. */
export function agreementFor(
  agreements: Record<string, IndividualAgreement[]> | undefined,
  personId: string,
  cap: Cap,
  date: IsoDate,
): IndividualAgreement | undefined {
  if (!cap.individual || !agreements) return undefined;
  return agreements[personId]?.find(
    (a) => a.capId === cap.id && a.validFrom <= date && (a.validTo === undefined || date <= a.validTo),
  );
}
