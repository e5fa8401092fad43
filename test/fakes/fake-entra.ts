/**
 * A local Entra ID token endpoint over HTTPS (test CA in test/fakes/tls), speaking what MSAL
 * (under @azure/identity's ClientSecretCredential) asks for with an authority host of
 * `https://127.0.0.1:<port>`:
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   the authority metadata
 *   POST /{tenant}/oauth2/v2.0/token                        grant_type=client_credentials with
 *                                                           client_id, client_secret, scope
 *
 * A wrong secret is answered as Entra does: 401 `invalid_client` with AADSTS7000215; an unknown
 * client id: 400 `unauthorized_client` (AADSTS700016). A good request gets a JWT-shaped access token
 * whose payload carries `roles` (the application permissions) unless `roles` is set to [] (admin
 * consent missing). `issued` holds every token handed out; `tokenRequests` counts the attempts
 * (each one a sign-in in the tenant's audit log).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server.js';

export const TLS_DIR = new URL('./tls/', import.meta.url);
export const TEST_CA_FILE = new URL('ca.pem', TLS_DIR).pathname;

export function testTls(): { key: Buffer; cert: Buffer } {
  return { key: readFileSync(new URL('server.key', TLS_DIR)), cert: readFileSync(new URL('server.pem', TLS_DIR)) };
}

export class FakeEntra {
  clientId = '';
  secret = '';
  roles: string[] = ['Calendars.ReadWrite', 'User.Read.All'];
  readonly issued = new Set<string>();
  tokenRequests = 0;
  refusals = 0;
  private server: Server | undefined;
  private base = '';

  async start(): Promise<string> {
    // An https.Server is an http.Server underneath (same request, close and connection API).
    const server = createServer(testTls(), (req, res) => {
      void this.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    }) as unknown as Server;
    this.server = server;
    const port = await listenOnLoopback(server);
    this.base = `https://127.0.0.1:${port}`;
    return this.base;
  }

  /** The authority host (GRAPH_AUTHORITY_HOST), e.g. https://127.0.0.1:4711. */
  get url(): string {
    return this.base;
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const meta = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (req.method === 'GET' && meta) {
      const tenant = meta[1];
      return send(200, {
        token_endpoint: `${this.base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${this.base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${this.base}/${tenant}/oauth2/v2.0/logout`,
        issuer: `${this.base}/${tenant}/v2.0`,
        jwks_uri: `${this.base}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      });
    }
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      this.tokenRequests++;
      const form = new URLSearchParams(await readText(req));
      const error = (status: number, code: string, aadsts: number, text: string) => {
        this.refusals++;
        send(status, {
          error: code,
          error_description: `AADSTS${aadsts}: ${text} Trace ID: 0 Correlation ID: 0 Timestamp: ${new Date().toISOString()}`,
          error_codes: [aadsts],
          timestamp: new Date().toISOString(),
        });
      };
      if (form.get('grant_type') !== 'client_credentials') return error(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      if (form.get('client_id') !== this.clientId) return error(400, 'unauthorized_client', 700016, 'Application was not found in the directory.');
      if (form.get('client_secret') !== this.secret) return error(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      const payload = { aud: 'https://graph.microsoft.com', appid: this.clientId, idtyp: 'app', roles: this.roles, exp: Math.floor(Date.now() / 1000) + 3600 };
      const token = `${b64({ typ: 'JWT', alg: 'none' })}.${b64(payload)}.sig${this.issued.size}`;
      this.issued.add(token);
      return send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    send(404, { error: 'not_found' });
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
