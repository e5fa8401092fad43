/**
 * Port of the mobile-work requests aggregate (a request with its days). Records returned are the
 * store's own frozen objects: copy before changing (`{ ...r, status }`), write back with `putRequest`.
 */
import type { IsoDate } from '../../domain/dates.js';
import type { MobileWorkRequest } from '../../domain/model.js';

export interface RequestReader {
  /** The request with this id, however old; undefined when unknown. */
  getRequest(id: string): Promise<MobileWorkRequest | undefined>;
  /** Requests of a person that have at least one day in [from, to] (any status), oldest first. */
  listRequestsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): Promise<MobileWorkRequest[]>;
  /** Requests with status 'pending' whose approverId is one of `approverIds`, oldest first. */
  listPendingForApprovers(approverIds: string[]): Promise<MobileWorkRequest[]>;
  /** All requests with a pending or approved day in [from, to] (capacity, team coverage), oldest first. */
  listActiveRequestsInRange(from: IsoDate, to: IsoDate): Promise<MobileWorkRequest[]>;
  /** Pending requests created before `createdBefore` (ISO timestamp) that have not been reminded. */
  listPendingCreatedBefore(createdBefore: string): Promise<MobileWorkRequest[]>;
}

export interface RequestWriter {
  /**
   * Insert or replace; the store bumps `version` and rejects a stale one (StoreConflictError).
   * Resolves to the stored (frozen) record with its new version.
   */
  putRequest(request: MobileWorkRequest): Promise<MobileWorkRequest>;
}
