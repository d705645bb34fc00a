// A stand-in IdP for the API's tests: one signing key, a JWKS and discovery served on loopback,
// and a signer for tokens of every kind of wrong.
import { createServer } from 'node:http';
import { listen } from '@cloakroom/http-server';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';

export interface TokenIssuer {
  issuer: string;
  /** Answer discovery/JWKS requests with this status (200 by default). */
  status: number;
  sign(claims?: JWTPayload, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export interface SignOptions {
  typ?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  notBefore?: number;
  /** Sign with another key (same kid): a forged signature. */
  forged?: boolean;
}

const KID = 'test-key';

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const forger: { privateKey: CryptoKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };

  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (state.status !== 200) {
      res.statusCode = state.status;
      res.end('{}');
    } else if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: state.issuer, jwks_uri: `${state.issuer}/keys` }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify(jwks));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  const listening = await listen(server, { port: 0, host: '127.0.0.1' });

  const state: TokenIssuer = {
    issuer: listening.url,
    status: 200,
    async sign(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      // Explicit claims win; `undefined` drops a claim (JSON has no undefined).
      const payload: JWTPayload = {
        iss: state.issuer,
        aud: 'api',
        sub: 'alice',
        iat: now,
        exp: now + (options.expiresIn ?? 60),
        jti: crypto.randomUUID(),
        client_id: 'cloakroom-bff',
        scope: 'openid notes:read',
        ...(options.notBefore === undefined ? {} : { nbf: now + options.notBefore }),
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: options.typ ?? 'at+jwt' })
        .sign(options.forged ? forger.privateKey : privateKey);
    },
    close: listening.close,
  };
  return state;
}
