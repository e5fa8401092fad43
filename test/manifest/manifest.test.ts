/**
 * The Teams app package: the filled manifest and its localisation files are valid against the
 * official schemas bundled in @microsoft/app-manifest, the icons meet Teams' rules, and the zip
 * holds exactly what Teams expects.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import yauzl from 'yauzl';
import { parseCommand } from '../../src/text/parse-command.js';
import {
  buildPackage,
  MANIFEST_DIR,
  MANIFEST_VERSION,
  renderLocalization,
  renderManifest,
  settingsFromEnv,
  type ManifestJson,
} from '../../scripts/manifest/build.js';
import { colorIcon, outlineIcon } from '../../scripts/manifest/icons.js';
import { bundledSchemaFile, localizationFiles, validateLocalization, validateManifest } from '../../scripts/manifest/validate.js';

const ENV = {
  MicrosoftAppId: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  BOT_DOMAIN: 'mobil.musterkreis.example',
  PUBLISHER_WEBSITE_URL: 'https://www.musterkreis.example/',
  PUBLISHER_PRIVACY_URL: 'https://www.musterkreis.example/datenschutz/mobiles-arbeiten',
  PUBLISHER_TERMS_URL: 'https://intranet.musterkreis.example/dienstvereinbarung-mobiles-arbeiten',
};
const APP_ID = ENV.MicrosoftAppId.toLowerCase();

function readJson(file: string): ManifestJson {
  return JSON.parse(readFileSync(join(MANIFEST_DIR, file), 'utf8')) as ManifestJson;
}

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

interface Pixels {
  width: number;
  height: number;
  colorType: number;
  rgba: Buffer;
}

function decode(png: Buffer): Pixels {
  // The IHDR chunk comes first: width, height, bit depth and colour type, read straight from the bytes.
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  const decoded = PNG.sync.read(png);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png.readUInt8(25), rgba: decoded.data };
}

describe('Teams app manifest', () => {
  const manifest = renderManifest(settingsFromEnv(ENV));

  it(`uses manifest schema v${MANIFEST_VERSION}, which @microsoft/app-manifest bundles`, () => {
    assert.equal(manifest.manifestVersion, MANIFEST_VERSION);
    assert.equal(manifest.$schema, `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
    assert.doesNotThrow(() => readFileSync(bundledSchemaFile(MANIFEST_VERSION, 'MicrosoftTeams')));
  });

  it('the filled manifest is valid against the official schema (offline)', async () => {
    assert.deepEqual(await validateManifest(manifest), []);
  });

  it('the schema check rejects a manifest that breaks the schema', async () => {
    const bots = manifest.bots as Array<Record<string, unknown>>;
    const broken = { ...manifest, bots: [{ ...bots[0], botId: 'not-a-guid' }], name: { short: 'x'.repeat(31) } };
    const problems = await validateManifest(broken);
    assert.ok(problems.some((p) => p.startsWith('/bots/0/botId')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('/name/short')), problems.join('\n'));
  });

  it('fills the bot id, the Graph app id and the valid domain from the environment', () => {
    assert.ok(!JSON.stringify(manifest).includes('${{'));
    const bot = (manifest.bots as Array<{ botId: string; scopes: string[] }>)[0];
    assert.equal(bot?.botId, APP_ID);
    assert.deepEqual((manifest.webApplicationInfo as { id: string }).id, APP_ID);
    assert.deepEqual(manifest.validDomains, [ENV.BOT_DOMAIN]);
    assert.deepEqual(bot?.scopes, ['personal', 'team']);
  });

  it('names each wrong or missing setting', () => {
    assert.throws(
      () => settingsFromEnv({ MicrosoftAppId: 'abc', BOT_DOMAIN: 'https://mobil.example/api' }),
      (e: Error) => /MicrosoftAppId: .*"abc"/.test(e.message) && /BOT_DOMAIN: .*without https/.test(e.message),
    );
    assert.throws(() => settingsFromEnv({ ...ENV, PUBLISHER_PRIVACY_URL: 'http://plain.example' }), /PUBLISHER_PRIVACY_URL/);
    assert.throws(() => settingsFromEnv({}), /MicrosoftAppId[\s\S]*BOT_DOMAIN/);
  });

  it('when the privacy or terms page is not given, then the package is refused naming it (the bot domain has no such pages)', () => {
    const withoutPages: Record<string, string> = { ...ENV };
    delete withoutPages['PUBLISHER_PRIVACY_URL'];
    delete withoutPages['PUBLISHER_TERMS_URL'];
    assert.throws(
      () => settingsFromEnv(withoutPages),
      (e: Error) => /^ {2}PUBLISHER_PRIVACY_URL: required: .*Datenschutzerklärung/m.test(e.message) && /^ {2}PUBLISHER_TERMS_URL: required: /m.test(e.message),
    );
    const developer = renderManifest(settingsFromEnv(ENV)).developer as Record<string, string>;
    assert.equal(developer['privacyUrl'], ENV.PUBLISHER_PRIVACY_URL);
    assert.equal(developer['termsOfUseUrl'], ENV.PUBLISHER_TERMS_URL);
    assert.equal(developer['websiteUrl'], ENV.PUBLISHER_WEBSITE_URL);
  });

  it('describes all three services (mobile work, desks, VPN) in German and English by default', () => {
    const settings = settingsFromEnv(ENV);
    const de = `${settings.APP_DESCRIPTION_SHORT} ${settings.APP_DESCRIPTION_FULL}`;
    const en = `${settings.APP_DESCRIPTION_SHORT_EN} ${settings.APP_DESCRIPTION_FULL_EN}`;
    for (const word of [/mobile[sn]? Arbeiten/i, /Arbeitsplatz|Arbeitsplätze/, /VPN/, /Service Desk/]) assert.match(de, word);
    for (const word of [/mobile work/i, /desk/, /VPN/, /service desk/]) assert.match(en, word);
    assert.doesNotMatch(settings.APP_DESCRIPTION_SHORT, /^Homeoffice/, 'not about home office only');
  });

  it('when the descriptions are set, then the manifest and both localisation files carry them; a too long one is named', () => {
    const mine = {
      ...ENV,
      APP_DESCRIPTION_SHORT: 'Mobil arbeiten, Tische buchen, VPN-Störungen melden – Landkreis Musterkreis',
      APP_DESCRIPTION_FULL_EN: 'Plan mobile work, book desks and report VPN problems at the Musterkreis district office.',
    };
    const settings = settingsFromEnv(mine);
    const manifest = renderManifest(settings);
    assert.equal((manifest.description as { short: string }).short, mine.APP_DESCRIPTION_SHORT);
    assert.equal(renderLocalization('de-DE.json', settings)['description.short'], mine.APP_DESCRIPTION_SHORT);
    assert.equal(renderLocalization('en.json', settings)['description.full'], mine.APP_DESCRIPTION_FULL_EN);
    assert.equal(renderLocalization('en.json', settings)['description.short'], readJson('en.json')['description.short'], 'unset ones keep the shipped text');
    assert.deepEqual(validateLocalization(renderLocalization('de-DE.json', settings)), []);
    assert.throws(() => settingsFromEnv({ ...ENV, APP_DESCRIPTION_SHORT_EN: 'x'.repeat(81) }), /APP_DESCRIPTION_SHORT_EN: at most 80 characters \(got 81\)/);
  });

  it('offers hilfe, meine woche, mein kontingent, vpn problem and meine meldungen, and the bot understands each (de and en titles)', () => {
    const lists = (manifest.bots as Array<{ commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>)[0]?.commandLists;
    assert.deepEqual(lists?.[0]?.scopes, ['personal']);
    const de = lists?.[0]?.commands.map((c) => c.title);
    assert.deepEqual(de, ['hilfe', 'meine woche', 'mein kontingent', 'vpn problem', 'meine meldungen']);
    const en = readJson('en.json');
    const expected = ['help', 'myWeek', 'quota', 'vpnReport', 'vpnMine'];
    de?.forEach((title, i) => {
      assert.equal(parseCommand(title, '2026-11-25', 'de').kind, expected[i], title);
      const enTitle = String(en[`bots[0].commandLists[0].commands[${i}].title`]);
      assert.equal(parseCommand(enTitle, '2026-11-25', 'en').kind, expected[i], enTitle);
    });
  });
});

describe('Teams localisation files', () => {
  const manifest = renderManifest(settingsFromEnv(ENV));

  it('German (de-DE) is the default language and English the additional one', () => {
    assert.deepEqual(manifest.localizationInfo, {
      defaultLanguageTag: 'de-DE',
      defaultLanguageFile: 'de-DE.json',
      additionalLanguages: [{ languageTag: 'en', file: 'en.json' }],
    });
    assert.equal((manifest.name as { short: string }).short, 'Mobiles Arbeiten');
  });

  for (const file of ['de-DE.json', 'en.json']) {
    it(`${file} is valid against the bundled localisation schema`, () => {
      assert.deepEqual(validateLocalization(readJson(file)), []);
    });
  }

  it('the localisation schema check rejects a too long short name and an unknown key', () => {
    const problems = validateLocalization({ ...readJson('en.json'), 'name.short': 'x'.repeat(31), 'bots[0].colour': 'x' });
    assert.ok(problems.some((p) => p.startsWith('/name.short')), problems.join('\n'));
    assert.ok(problems.some((p) => /additional properties/.test(p)), problems.join('\n'));
  });

  it('the default language file says what the manifest says, and English translates every key', () => {
    const de = readJson('de-DE.json');
    const pick = (path: string): unknown =>
      path.split(/\.|\[(\d+)\]\.?/).filter((s) => s !== undefined && s !== '').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], manifest);
    for (const [key, value] of Object.entries(de)) if (key !== '$schema') assert.equal(pick(key), value, key);
    const en = readJson('en.json');
    assert.deepEqual(Object.keys(en).sort(), Object.keys(de).sort());
    for (const key of Object.keys(en)) if (key !== '$schema') assert.notEqual(en[key], de[key], `${key} is not translated`);
  });
});

describe('Teams app icons', () => {
  it('color.png is 192×192, RGBA and fully opaque', () => {
    const icon = decode(readFileSync(join(MANIFEST_DIR, 'color.png')));
    assert.deepEqual([icon.width, icon.height], [192, 192]);
    for (let i = 3; i < icon.rgba.length; i += 4) assert.equal(icon.rgba[i], 255, `pixel ${(i - 3) / 4} not opaque`);
  });

  it('outline.png is 32×32 with an alpha channel, white on transparent only', () => {
    const icon = decode(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    assert.deepEqual([icon.width, icon.height], [32, 32]);
    assert.ok(icon.colorType === 6 || icon.colorType === 4, `colour type ${icon.colorType} has no alpha`);
    let clear = 0;
    let solid = 0;
    for (let i = 0; i < icon.rgba.length; i += 4) {
      const a = icon.rgba[i + 3] ?? 0;
      if (a === 0) clear++;
      else assert.deepEqual([...icon.rgba.subarray(i, i + 3)], [255, 255, 255], `pixel ${i / 4} is visible but not white`);
      if (a === 255) solid++;
    }
    assert.ok(clear > 32 * 32 * 0.4, `only ${clear} transparent pixels`);
    assert.ok(solid > 50, `only ${solid} opaque pixels`);
  });

  it('the committed icons are what scripts/manifest/icons.ts draws (npm run manifest:icons)', () => {
    for (const [file, drawn] of [['color.png', colorIcon()], ['outline.png', outlineIcon()]] as const) {
      assert.ok(decode(readFileSync(join(MANIFEST_DIR, file))).rgba.equals(decode(drawn).rgba), `${file} is out of date`);
    }
  });
});

describe('npm run package (appPackage.zip)', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'manifest-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('contains exactly manifest.json, both icons and both localisation files, at the top level', async () => {
    const built = await buildPackage(settingsFromEnv(ENV), dir);
    const entries = await readZip(built.zipFile);
    assert.deepEqual([...entries.keys()].sort(), ['color.png', 'de-DE.json', 'en.json', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}') as ManifestJson;
    assert.deepEqual(inZip, renderManifest(settingsFromEnv(ENV)));
    const icons = inZip.icons as { color: string; outline: string };
    for (const f of [icons.color, icons.outline]) {
      assert.ok(entries.get(f)?.equals(readFileSync(join(MANIFEST_DIR, f))), `${f} differs from manifest/${f}`);
    }
    for (const f of localizationFiles(inZip)) {
      assert.deepEqual(JSON.parse(entries.get(f)?.toString('utf8') ?? '{}'), renderLocalization(f, settingsFromEnv(ENV)), `${f} in the zip`);
      assert.deepEqual(JSON.parse(entries.get(f)?.toString('utf8') ?? '{}'), readJson(f), `${f}: with no description set, the shipped file`);
    }
    assert.deepEqual(await validateManifest(inZip), []);
  });

  it('builds the same bytes twice (fixed timestamps)', async () => {
    const a = readFileSync((await buildPackage(settingsFromEnv(ENV), join(dir, 'a'))).zipFile);
    const b = readFileSync((await buildPackage(settingsFromEnv(ENV), join(dir, 'b'))).zipFile);
    assert.ok(a.equals(b));
  });
});
