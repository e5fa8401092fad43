/**
 * Offline validation of the Teams manifest and its localisation files against the official JSON
 * schemas that `@microsoft/app-manifest` bundles (no network: the schema is read from the package).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils, TeamsManifestConverter, type AppManifest } from '@microsoft/app-manifest';
import type { ErrorObject, JSONSchemaType } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { MANIFEST_DIR, type ManifestJson } from './build.js';

const require = createRequire(import.meta.url);
// CommonJS packages whose class/function is their `default` export.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
const PACKAGE_DIR = dirname(require.resolve('@microsoft/app-manifest/package.json'));

export type SchemaKind = 'MicrosoftTeams' | 'MicrosoftTeams.Localization';

/** The bundled schema file of a manifest version, e.g. ('1.22', 'MicrosoftTeams.Localization'). */
export function bundledSchemaFile(version: string, kind: SchemaKind): string {
  return join(PACKAGE_DIR, 'build', 'json-schemas', 'teams', `v${version}`, `${kind}.schema.json`);
}

function loadSchema(version: string, kind: SchemaKind): JSONSchemaType<AppManifest> {
  // Same clean-up as the package's own fetchSchema: some schemas carry \a and \v in patterns.
  const raw = readFileSync(bundledSchemaFile(version, kind), 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(raw) as JSONSchemaType<AppManifest>;
}

/** The manifest version a `$schema` URL names (…/teams/v1.22/MicrosoftTeams.schema.json → 1.22). */
export function schemaVersionOf(json: ManifestJson): string {
  const m = /\/teams\/v(\d+\.\d+)\//.exec(String(json.$schema ?? ''));
  if (!m?.[1]) throw new Error(`$schema does not name a Teams schema version: ${String(json.$schema)}`);
  return m[1];
}

export async function validateManifest(manifest: ManifestJson): Promise<string[]> {
  const version = schemaVersionOf(manifest);
  const typed = TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest));
  return AppManifestUtils.validateAgainstSchema(typed, loadSchema(version, 'MicrosoftTeams'));
}

/**
 * Localisation files: same ajv set-up as AppManifestUtils.validateAgainstSchema (draft-04,
 * allErrors, formats), but with non-unicode regular expressions — the bundled localisation
 * schema has patterns such as `\b]` that are valid JavaScript but invalid in unicode mode, so
 * the package's own validator cannot compile it.
 */
export function validateLocalization(file: ManifestJson): string[] {
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(loadSchema(schemaVersionOf(file), 'MicrosoftTeams.Localization'));
  if (validate(file)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}. Details: ${JSON.stringify(e.params)}`);
}

/**
 * The manifest and every localisation file it names (read from manifest/, or rendered with the
 * settings' descriptions when `render` is given); problems prefixed by file.
 */
export async function validateManifestFiles(manifest: ManifestJson, render?: (file: string) => ManifestJson): Promise<string[]> {
  const problems = (await validateManifest(manifest)).map((p) => `manifest.json: ${p}`);
  for (const file of localizationFiles(manifest)) {
    const json = render ? render(file) : (JSON.parse(readFileSync(join(MANIFEST_DIR, file), 'utf8')) as ManifestJson);
    problems.push(...validateLocalization(json).map((p) => `${file}: ${p}`));
  }
  return problems;
}

export function localizationFiles(manifest: ManifestJson): string[] {
  const info = manifest.localizationInfo as { defaultLanguageFile?: string; additionalLanguages?: Array<{ file: string }> } | undefined;
  return [...(info?.defaultLanguageFile ? [info.defaultLanguageFile] : []), ...(info?.additionalLanguages ?? []).map((l) => l.file)];
}
