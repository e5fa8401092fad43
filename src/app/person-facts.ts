/** Loads a person and the facts about their org unit from the directory (before a transaction). */
import { unitChain, type Directory } from '../directory/directory.js';
import { DomainError } from '../domain/errors.js';
import type { PersonFacts } from './evaluation-context.js';

export async function loadPersonFacts(directory: Directory, userId: string): Promise<PersonFacts> {
  const person = await directory.getPerson(userId);
  if (!person) throw new DomainError('UNKNOWN_PERSON', 'person is not in the staff directory', { userId });
  const chain = await unitChain(directory, person.orgUnitId);
  const members = await directory.listOrgUnitMembers(person.orgUnitId);
  return { person, orgUnitChain: chain, orgUnitSize: Math.max(1, members.length) };
}
