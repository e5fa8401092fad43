/** Port of approval delegations (a manager names a deputy). Returned records are frozen. */
import type { Delegation } from '../../domain/model.js';

export interface DelegationReader {
  /** Delegations given by this manager, oldest first. */
  listDelegations(managerId: string): Promise<Delegation[]>;
  /** Delegations naming this person as deputy, oldest first. */
  listDelegationsToDeputy(deputyId: string): Promise<Delegation[]>;
}

export interface DelegationWriter {
  /** Insert or replace (by id). */
  putDelegation(delegation: Delegation): Promise<void>;
}
