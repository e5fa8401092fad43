/**
 * The README is the operator's front door: short, German first, the commands that work, and every
 * link stays inside the repository and leads somewhere (a file, and a heading when it names one).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Pages that other work in progress creates (the policy reference, the data-protection pages, the
 * Microsoft Graph page). A link to one of them is accepted while it does not exist yet; once it
 * exists it is checked like every other link. Remove an entry when its page has landed.
 */
const PAGES_WRITTEN_ELSEWHERE = new Set(['docs/policy-reference.md', 'docs/datenschutz/README.md', 'docs/graph.md']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

const PAGES = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

/** Link targets outside fenced code blocks: Markdown links and images, HTML src/href. */
function linksOf(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const md = [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? '');
  const html = [...prose.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...md, ...html];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(text: string): Set<string> {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      (m[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('is short: at most 150 lines', () => {
    assert.ok(readme.split('\n').length <= 150, `${readme.split('\n').length} lines`);
  });

  it('has the German section for operators before the English one', () => {
    const german = readme.search(/^## .*Deutsch/m);
    const english = readme.search(/^## .*English/m);
    assert.ok(german > 0 && english > german, 'German section first');
  });

  it('gives the commands to install, start and test, and says what local mode is and where it listens', () => {
    for (const command of ['npm install', 'npm start', 'npm test', 'npm run test:quick']) assert.ok(readme.includes(command), command);
    assert.match(readme, /MicrosoftAppId/);
    assert.match(readme, /127\.0\.0\.1/);
    assert.match(readme, /\/healthz/);
    assert.match(readme, /\/readyz/);
    assert.match(readme, /\.env\.example/);
  });

  it('lists only scripts that exist in package.json', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const m of readme.matchAll(/npm run ([\w:-]+)/g)) assert.ok(m[1] && m[1] in scripts, `npm run ${m[1]}`);
  });
});

describe('links in README.md and docs/', () => {
  for (const page of PAGES) {
    const name = relative(ROOT, page);
    it(`${name}: every link stays in the repository and leads to a file (and heading)`, () => {
      const text = readFileSync(page, 'utf8');
      for (const link of linksOf(text)) {
        assert.doesNotMatch(link, /^[a-z][a-z0-9+.-]*:|^\/\//i, `${name} links outside the repository: ${link}`);
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? page : resolve(dirname(page), decodeURI(path));
        const fromRoot = relative(ROOT, target);
        assert.ok(!fromRoot.startsWith('..'), `${name} links outside the repository: ${link}`);
        if (!existsSync(target)) {
          assert.ok(PAGES_WRITTEN_ELSEWHERE.has(fromRoot), `${name} links to a missing file: ${link}`);
          continue;
        }
        if (anchor && target.endsWith('.md')) {
          assert.ok(anchorsOf(readFileSync(target, 'utf8')).has(anchor), `${name}: no heading #${anchor} in ${fromRoot}`);
        }
      }
    });
  }
});
