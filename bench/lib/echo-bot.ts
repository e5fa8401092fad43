/**
 * The baseline of the turn benchmarks: a bare botbuilder echo bot on restify, run as its own process
 * (bench/lib/bot-process.ts `startEchoBot`). Same adapter setup as the product bot in local mode —
 * `CloudAdapter` with `ConfigurationBotFrameworkAuthentication({})`, restify's `bodyParser()` — and
 * nothing else: it answers a message with "Echo: <text>" (in the HTTP body with `expectReplies`) and
 * an invoke with 200. Logs one line, `{"event":"started","port":N}`, on 127.0.0.1:$PORT (0 = any).
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text ?? ''}`));
  await next();
});
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  next();
});
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'started', port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
