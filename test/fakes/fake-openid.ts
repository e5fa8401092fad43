/**
 * A local stand-in for the Bot Framework's OpenID metadata and signing keys
 * (login.botframework.com/v1/.well-known/openidconfiguration and its jwks_uri), speaking the same
 * documents: the metadata names `jwks_uri`, the key set holds RSA keys with `kid`, `n`, `e` and the
 * channels that endorse them. Tokens are signed with RS256 by a key only this fake knows, so the
 * bot checks real signatures with botbuilder's own code — authentication is not switched off.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export const CHANNEL_ISSUER = 'https://api.botframework.com';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: { kty: string; n: string; e: string };
}

function newKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  return { kid, privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })), jwk };
}

export interface TokenOptions {
  /** Header `alg` (default RS256); 'none' produces an unsigned token. */
  alg?: string;
  /** Header `kid` (default the published key's). */
  kid?: string;
  /** Sign with a key that is not published (under the published kid unless `kid` says otherwise). */
  foreignKey?: boolean;
}

export class FakeOpenId {
  private server: Server | undefined;
  private readonly published = newKey('test-key-1');
  private readonly unpublished = newKey('test-key-1');
  /** Requests to the metadata and key documents (botbuilder caches them). */
  requests = 0;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests++;
      const base = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
        return;
      }
      if (req.url === '/v1/.well-known/keys') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [{ ...this.published.jwk, kid: this.published.kid, use: 'sig', endorsements: ['msteams'] }] }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/v1/.well-known/openidconfiguration`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A compact JWS over `claims`. */
  token(claims: Record<string, unknown>, options: TokenOptions = {}): string {
    const alg = options.alg ?? 'RS256';
    const key = options.foreignKey ? this.unpublished : this.published;
    const header = { alg, typ: 'JWT', kid: options.kid ?? key.kid };
    const signingInput = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
    if (alg === 'none') return `${signingInput}.`;
    const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  /** The claims the Bot Connector puts in a token for `appId`, valid now for an hour. */
  static channelClaims(appId: string, serviceUrl: string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> {
    return { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: nowSeconds - 60, exp: nowSeconds + 3600, iat: nowSeconds - 60 };
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
