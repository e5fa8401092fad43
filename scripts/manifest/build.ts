/**
 * Builds the Teams app package: manifest/manifest.template.json with its `${{NAME}}` placeholders
 * filled from the environment, the two icons and the localisation files (their descriptions
 * replaced by the settings), zipped into manifest/build/appPackage.zip (plus the filled
 * manifest.json beside it, for inspection).
 *
 * Required: MicrosoftAppId, BOT_DOMAIN, and the publisher's pages PUBLISHER_WEBSITE_URL,
 * PUBLISHER_PRIVACY_URL (the Datenschutzerklärung for this app), PUBLISHER_TERMS_URL (terms of use,
 * e.g. the Dienstvereinbarung's page on the intranet): Teams shows them on the app's page, and the
 * bot's own domain has no such pages (only /api/messages is published).
 * Optional: TEAMS_APP_ID, APP_VERSION, PUBLISHER_NAME, and the descriptions APP_DESCRIPTION_SHORT /
 * APP_DESCRIPTION_FULL (German, the default language) and APP_DESCRIPTION_SHORT_EN /
 * APP_DESCRIPTION_FULL_EN (default: the texts in manifest/de-DE.json and manifest/en.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MANIFEST_DIR = join(ROOT, 'manifest');
export const BUILD_DIR = join(MANIFEST_DIR, 'build');
export const TEMPLATE_FILE = join(MANIFEST_DIR, 'manifest.template.json');
/** The Teams manifest schema version the template uses (bundled in @microsoft/app-manifest). */
export const MANIFEST_VERSION = '1.22';
/** Files in the package besides manifest.json, all taken from manifest/ as they are. */
export const PACKAGE_ASSETS = ['color.png', 'outline.png', 'de-DE.json', 'en.json'] as const;
/** Stable Teams app id of this app (not a secret); override per installation with TEAMS_APP_ID. */
export const DEFAULT_TEAMS_APP_ID = 'fe8df927-2ca3-4a67-a64f-ad5b65aa7960';

export interface ManifestSettings {
  MicrosoftAppId: string;
  BOT_DOMAIN: string;
  TEAMS_APP_ID: string;
  APP_VERSION: string;
  PUBLISHER_NAME: string;
  PUBLISHER_WEBSITE_URL: string;
  PUBLISHER_PRIVACY_URL: string;
  PUBLISHER_TERMS_URL: string;
  APP_DESCRIPTION_SHORT: string;
  APP_DESCRIPTION_FULL: string;
  APP_DESCRIPTION_SHORT_EN: string;
  APP_DESCRIPTION_FULL_EN: string;
}

/** Teams' limits (manifest schema): short description 80 characters, full 4,000. */
const DESCRIPTION_LIMITS = { short: 80, full: 4000 } as const;

/** Which localisation file each description setting goes to, and its key there. */
const DESCRIPTION_SETTINGS = [
  { name: 'APP_DESCRIPTION_SHORT', file: 'de-DE.json', key: 'description.short', limit: DESCRIPTION_LIMITS.short },
  { name: 'APP_DESCRIPTION_FULL', file: 'de-DE.json', key: 'description.full', limit: DESCRIPTION_LIMITS.full },
  { name: 'APP_DESCRIPTION_SHORT_EN', file: 'en.json', key: 'description.short', limit: DESCRIPTION_LIMITS.short },
  { name: 'APP_DESCRIPTION_FULL_EN', file: 'en.json', key: 'description.full', limit: DESCRIPTION_LIMITS.full },
] as const;

export type ManifestJson = { [key: string]: unknown };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export class ManifestSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Teams manifest settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '1.0.0';
}

/** Reads and checks the settings; every wrong variable is named with its reason. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): ManifestSettings {
  const val = (name: string): string => (env[name] ?? '').trim();
  const problems: string[] = [];
  const appId = val('MicrosoftAppId');
  if (!GUID.test(appId)) problems.push(`MicrosoftAppId: must be the bot's app (client) id, a GUID (got "${appId}")`);
  const domain = val('BOT_DOMAIN');
  if (!HOST.test(domain)) problems.push(`BOT_DOMAIN: must be the public host name of the bot, without https:// or path (got "${domain}")`);
  const teamsAppId = val('TEAMS_APP_ID') || DEFAULT_TEAMS_APP_ID;
  if (!GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID: must be a GUID (got "${teamsAppId}")`);
  const urls: Record<string, string> = {
    PUBLISHER_WEBSITE_URL: val('PUBLISHER_WEBSITE_URL'),
    PUBLISHER_PRIVACY_URL: val('PUBLISHER_PRIVACY_URL'),
    PUBLISHER_TERMS_URL: val('PUBLISHER_TERMS_URL'),
  };
  const pages: Record<string, string> = {
    PUBLISHER_WEBSITE_URL: "your organisation's website",
    PUBLISHER_PRIVACY_URL: 'the Datenschutzerklärung (privacy statement) for this app',
    PUBLISHER_TERMS_URL: 'the terms of use, e.g. the Dienstvereinbarung on the intranet',
  };
  for (const [name, url] of Object.entries(urls)) {
    if (url === '') problems.push(`${name}: required: the https:// address of ${pages[name]} (Teams shows it on the app's page)`);
    else if (!/^https:\/\/\S+$/.test(url)) problems.push(`${name}: must be an https:// URL (got "${url}")`);
  }
  const descriptions = {} as Record<(typeof DESCRIPTION_SETTINGS)[number]['name'], string>;
  for (const d of DESCRIPTION_SETTINGS) {
    const value = val(d.name) || String(readLocalization(d.file)[d.key] ?? '');
    if (value === '') problems.push(`${d.name}: must not be empty`);
    if (value.length > d.limit) problems.push(`${d.name}: at most ${d.limit} characters (got ${value.length})`);
    descriptions[d.name] = value;
  }
  const publisher = val('PUBLISHER_NAME') || 'IT-Dienstleister der Verwaltung';
  if (publisher.length > 32) problems.push(`PUBLISHER_NAME: at most 32 characters (got ${publisher.length})`);
  const version = val('APP_VERSION') || packageVersion();
  if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`APP_VERSION: must be x.y.z (got "${version}")`);
  if (problems.length) throw new ManifestSettingsError(problems);
  return {
    MicrosoftAppId: appId.toLowerCase(),
    BOT_DOMAIN: domain.toLowerCase(),
    TEAMS_APP_ID: teamsAppId.toLowerCase(),
    APP_VERSION: version,
    PUBLISHER_NAME: publisher,
    PUBLISHER_WEBSITE_URL: urls.PUBLISHER_WEBSITE_URL!,
    PUBLISHER_PRIVACY_URL: urls.PUBLISHER_PRIVACY_URL!,
    PUBLISHER_TERMS_URL: urls.PUBLISHER_TERMS_URL!,
    ...descriptions,
  };
}

function readLocalization(file: string): ManifestJson {
  return JSON.parse(readFileSync(join(MANIFEST_DIR, file), 'utf8')) as ManifestJson;
}

/** A localisation file of manifest/ with the descriptions of the settings. */
export function renderLocalization(file: string, settings: ManifestSettings): ManifestJson {
  const json = readLocalization(file);
  for (const d of DESCRIPTION_SETTINGS) if (d.file === file) json[d.key] = settings[d.name];
  return json;
}

/** The package files that are taken from manifest/ byte for byte (the others are rendered). */
const LOCALIZATION_ASSETS = new Set<string>(DESCRIPTION_SETTINGS.map((d) => d.file));

/** The template with every `${{NAME}}` replaced; an unknown placeholder is an error. */
export function renderManifest(settings: ManifestSettings): ManifestJson {
  const template = readFileSync(TEMPLATE_FILE, 'utf8');
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in settings)) throw new Error(`manifest.template.json: unknown placeholder \${{${name}}}`);
    // JSON-escape the value without its quotes, so no setting can break the JSON.
    return JSON.stringify(settings[name as keyof ManifestSettings]).slice(1, -1);
  });
  return JSON.parse(filled) as ManifestJson;
}

export interface BuiltPackage {
  zipFile: string;
  manifest: ManifestJson;
  entries: string[];
}

/** Zips manifest.json and the assets (fixed timestamps: the same input gives the same bytes). */
export function zipPackage(manifest: ManifestJson, settings: ManifestSettings): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime });
  for (const file of PACKAGE_ASSETS) {
    const bytes = LOCALIZATION_ASSETS.has(file)
      ? Buffer.from(JSON.stringify(renderLocalization(file, settings), null, 2) + '\n')
      : readFileSync(join(MANIFEST_DIR, file));
    zip.addBuffer(bytes, file, { mtime });
  }
  zip.end();
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)));
  });
}

export async function buildPackage(settings: ManifestSettings, outDir = BUILD_DIR): Promise<BuiltPackage> {
  const manifest = renderManifest(settings);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const zipFile = join(outDir, 'appPackage.zip');
  writeFileSync(zipFile, await zipPackage(manifest, settings));
  return { zipFile, manifest, entries: ['manifest.json', ...PACKAGE_ASSETS] };
}
