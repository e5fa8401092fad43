/**
 * npm run package: builds manifest/build/appPackage.zip for upload to Teams (Developer Portal or
 * Teams admin center). Needs MicrosoftAppId, BOT_DOMAIN and the publisher's website, privacy and
 * terms URLs in the environment (the descriptions are optional); see scripts/manifest/build.ts and
 * docs/deployment.md.
 */
import { relative } from 'node:path';
import { buildPackage, ManifestSettingsError, renderLocalization, ROOT, settingsFromEnv } from './manifest/build.js';
import { validateManifestFiles } from './manifest/validate.js';

try {
  const settings = settingsFromEnv(process.env);
  const built = await buildPackage(settings);
  const problems = await validateManifestFiles(built.manifest, (file) => renderLocalization(file, settings));
  if (problems.length) {
    console.error(`The manifest does not match its schema:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`${relative(ROOT, built.zipFile)}: ${built.entries.join(', ')} (schema v${String(built.manifest.manifestVersion)} valid)`);
} catch (e) {
  if (e instanceof ManifestSettingsError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
