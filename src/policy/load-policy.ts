/**
 * Loads the service agreement (policy) from a YAML or JSON file into the domain `Policy`.
 * Every problem is a `ConfigFileError` naming the file, the path inside it and the problem.
 */
import type { Policy } from '../domain/model.js';
import { readConfigText, validateText } from '../config/config-file.js';
import { policyFileSchema } from './policy-schema.js';

/** Parses policy text; `fileName` picks the format (.yaml/.yml/.json) and names the file in errors. */
export function parsePolicy(text: string, fileName: string): Policy {
  return validateText(policyFileSchema, text, fileName);
}

export async function loadPolicyFile(path: string): Promise<Policy> {
  return parsePolicy(await readConfigText(path), path);
}
