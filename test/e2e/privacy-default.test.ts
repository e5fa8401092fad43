/**
 * The privacy card shows the default that "who is on site" really applies: the desk rules of the
 * person's own org unit (an override may differ from the organisation-wide default).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

describe('privacy settings: the default of the own org unit', function () {
  this.timeout(30_000);
  let dir: string;
  let h: Harness;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-privacy-'));
    const policy = (await readFile('policies/kitzingen-like.yaml', 'utf8')).replace(
      '    orgUnitOverrides:\n',
      '    orgUnitOverrides:\n      sg-21:\n        desks:\n          defaultOnSiteVisibility: name\n',
    );
    assert.ok(policy.includes('defaultOnSiteVisibility: name'), 'override written');
    await writeFile(join(dir, 'policy.yaml'), policy);
    h = await startHarness({ POLICY_FILE: join(dir, 'policy.yaml') });
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  const visibilityShown = async (userId: string) => {
    const card = JSON.stringify((await h.click(userId, 'settings.privacy', {})).value);
    const m = /"id":"visibility"[^}]*?"value":"(name|hidden)"|"value":"(name|hidden)"[^}]*?"id":"visibility"/.exec(card);
    return m?.[1] ?? m?.[2];
  };

  it('when the own unit overrides the default, then the card shows that default', async () => {
    assert.equal(await visibilityShown(PEOPLE.employee), 'name'); // Anna, SG 21
  });

  it('when the own unit has no override, then the organisation-wide default is shown', async () => {
    assert.equal(await visibilityShown(PEOPLE.otherManager), 'hidden'); // Petra, Bürgerbüro
  });
});
