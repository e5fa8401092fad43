/**
 * What a municipal IT operator does in the first hour, as processes: `cp .env.example .env`, change
 * a value, start; and the mistakes of that hour (a data directory that cannot hold data, a database
 * URL without a user, a missing env file): each named with the reason, exit code 2, no stack, and
 * never a hang.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  cleanUp,
  getJson,
  postJson,
  PROCESS_TEST_TIMEOUT_MS,
  REPO_ROOT,
  spawnBot,
  STACK_FRAME,
  startBot,
  teamsMessage,
  tempDir,
  type BotProcess,
} from './bot-process.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** `.env.example` as an operator copies it, with `changes` applied to its `NAME=` lines. */
async function envFileFromExample(changes: Record<string, string>): Promise<string> {
  const example = await readFile(join(REPO_ROOT, '.env.example'), 'utf8');
  let text = example;
  for (const [name, value] of Object.entries(changes)) {
    const line = new RegExp(`^${name}=.*$`, 'm');
    text = line.test(text) ? text.replace(line, `${name}=${value}`) : `${text}\n${name}=${value}\n`;
  }
  return text;
}

/** The shipped sample files by absolute path, for a bot started outside the repository. */
const ABSOLUTE_FILES = {
  POLICY_FILE: join(REPO_ROOT, 'policies/kitzingen-like.yaml'),
  DIRECTORY_FILE: join(REPO_ROOT, 'samples/directory.yaml'),
  DESKS_FILE: join(REPO_ROOT, 'samples/desks.yaml'),
  VPN_KNOWLEDGE_BASE_FILE: join(REPO_ROOT, 'samples/vpn-knowledge-base.yaml'),
};

async function failsWithExit2(bot: BotProcess): Promise<string> {
  const exit = await bot.exited();
  assert.equal(exit.code, 2, `exit ${String(exit.code)}\n${bot.stdout()}\n${bot.stderr()}`);
  assert.doesNotMatch(bot.stderr(), STACK_FRAME);
  assert.doesNotMatch(bot.stdout(), STACK_FRAME);
  assert.ok(!bot.logs().some((l) => l.event === 'started'), 'it started anyway');
  return bot.stderr();
}

describe('the first hour of an operator (processes)', function () {
  this.timeout(PROCESS_TEST_TIMEOUT_MS);

  afterEach(cleanUp);

  describe('the .env file', () => {
    it('when .env.example is copied to .env and PORT changed, then the bot listens there, says which file it read and never logs a secret', async () => {
      const cwd = await tempDir('mwb-operator-');
      const port = await freePort();
      const secret = 'zammad-token-never-logged-4711';
      await writeFile(
        join(cwd, '.env'),
        await envFileFromExample({
          PORT: String(port),
          DATA_DIR: join(cwd, 'data'),
          ...ABSOLUTE_FILES,
          ITSM: 'zammad',
          ZAMMAD_URL: 'http://127.0.0.1:9',
          ZAMMAD_TOKEN: secret,
        }),
      );
      const bot = spawnBot({}, { cwd, defaultEnvFile: true });
      const started = await bot.waitForEvent('started');
      assert.equal(started['port'], port);

      const configuration = bot.logs().find((l) => l.event === 'configuration');
      assert.equal(configuration?.['envFile'], join(cwd, '.env'));
      assert.match(String(configuration?.['fromEnvFile']), /(^|,)PORT(,|$)/);
      assert.match(String(configuration?.['fromEnvFile']), /(^|,)ZAMMAD_TOKEN(,|$)/, 'names are logged');
      const endpoints = await bot.waitForEvent('endpoints');
      assert.equal(endpoints['messages'], `http://127.0.0.1:${port}/api/messages`);

      const res = await postJson(`http://127.0.0.1:${port}/api/messages`, teamsMessage('hilfe'));
      assert.equal(res.status, 200);
      assert.equal((await getJson(`http://127.0.0.1:${port}/readyz`)).status, 200);

      bot.child.kill('SIGTERM');
      assert.equal((await bot.exited()).code, 0);
      assert.ok(!bot.stdout().includes(secret) && !bot.stderr().includes(secret), 'the secret value appears in the output');
    });

    it('when a variable is set both in the environment and in the file, then the environment wins', async () => {
      const file = join(await tempDir('mwb-operator-'), 'bot.env');
      await writeFile(file, 'PORT=1\nLOG_LEVEL=info\n');
      const { bot } = await startBot({ ENV_FILE: file, DATA_DIR: await tempDir() }); // PORT=0 from startBot
      const configuration = bot.logs().find((l) => l.event === 'configuration');
      assert.equal(configuration?.['envFile'], file);
      assert.equal(configuration?.['environmentWins'], 'PORT');
      assert.equal(configuration?.['fromEnvFile'], 'LOG_LEVEL');
      assert.notEqual(bot.logs().find((l) => l.event === 'started')?.['port'], 1);
    });

    it('when ENV_FILE names a file that does not exist, then ENV_FILE is named and the start stops with exit 2', async () => {
      const missing = join(await tempDir('mwb-operator-'), 'nirgends.env');
      const stderr = await failsWithExit2(spawnBot({ PORT: '0', ENV_FILE: missing }));
      assert.ok(stderr.includes(`ENV_FILE: file not found: ${missing}`), stderr);
    });
  });

  describe('a data directory that cannot hold data', () => {
    for (const dir of ['/proc', '/proc/sys/kernel', '/proc/self/mobile-work-data', '/sys/fs/mobile-work-data']) {
      it(`when DATA_DIR is ${dir}, then DATA_DIR is named with the reason, exit 2, no hang`, async () => {
        const stderr = await failsWithExit2(spawnBot({ PORT: '0', DATA_DIR: dir }));
        assert.match(stderr, /^DATA_DIR: is on a kernel file system/m);
        assert.ok(stderr.includes(JSON.stringify(dir)), stderr);
      });
    }

    it('when DATA_DIR is a file, then DATA_DIR is named: exists but is not a directory', async () => {
      const file = join(await tempDir('mwb-operator-'), 'store.json');
      await writeFile(file, '{}');
      const stderr = await failsWithExit2(spawnBot({ PORT: '0', DATA_DIR: file }));
      assert.match(stderr, /^DATA_DIR: exists but is not a directory/m);
    });

    it('when a parent of DATA_DIR is a file, then DATA_DIR is named: it cannot be created', async () => {
      const file = join(await tempDir('mwb-operator-'), 'datei');
      await writeFile(file, 'x');
      const stderr = await failsWithExit2(spawnBot({ PORT: '0', DATA_DIR: join(file, 'data') }));
      assert.ok(stderr.includes(`DATA_DIR: cannot be created: ${file} is not a directory`), stderr);
    });
  });

  it('when DATABASE_URL names no user and neither PGUSER nor USER is set (as in a container), then DATABASE_URL is named, exit 2', async () => {
    const secretPassword = 'pw-not-shown-0815';
    const stderr = await failsWithExit2(
      spawnBot({ PORT: '0', STORE: 'postgres', DATABASE_URL: `postgres://:${secretPassword}@127.0.0.1:5432/mobile_work`, USER: '', PGUSER: '' }),
    );
    assert.match(stderr, /^DATABASE_URL: names no user: write postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/m);
    assert.ok(!stderr.includes(secretPassword), 'the password is shown');
  });
});
