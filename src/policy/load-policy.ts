/**
 * Loads the service agreement (policy) from a YAML or JSON file into the domain `Policy`, and
 * optionally the individual agreements (AGREEMENTS_FILE) into it.
 * Every problem is a `ConfigFileError` naming the file, the path inside it and the problem.
 */
import type { Policy } from '../domain/model.js';
import { readConfigText, validateText } from '../config/config-file.js';
import { agreementsFileSchema } from './agreements-schema.js';
import { policyFileSchema } from './policy-schema.js';

/** Parses policy text; `fileName` picks the format (.yaml/.yml/.json) and names the file in errors. */
export function parsePolicy(text: string, fileName: string): Policy {
  return validateText(policyFileSchema, text, fileName);
}

/** The policy with the individual agreements of `text` (checked against the policy's caps). */
export function withAgreements(policy: Policy, text: string, fileName: string): Policy {
  return { ...policy, agreements: validateText(agreementsFileSchema(policy), text, fileName) };
}

export async function loadPolicyFile(path: string, agreementsFile?: string): Promise<Policy> {
  const policy = parsePolicy(await readConfigText(path), path);
  return agreementsFile ? withAgreements(policy, await readConfigText(agreementsFile), agreementsFile) : policy;
}
