/** Regenerates manifest/color.png and manifest/outline.png (run: npm run manifest:icons). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { colorIcon, outlineIcon } from './manifest/icons.js';
import { MANIFEST_DIR } from './manifest/build.js';

writeFileSync(join(MANIFEST_DIR, 'color.png'), colorIcon());
writeFileSync(join(MANIFEST_DIR, 'outline.png'), outlineIcon());
console.log(`icons written to ${MANIFEST_DIR}`);
