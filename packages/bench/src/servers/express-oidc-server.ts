// The closest Node peer, as its README sets it up: express-openid-connect for the login and its
// (default, cookie-stored, rolling) session, http-proxy-middleware for `/api`, the access token
// attached from `req.oidc`. Its login and callback are mounted at the BFF's paths so the bench's
// dev IdP registration and login helper serve it unchanged. Only the upstream agent is not a
// default: keep-alive, like the bare proxy's, so the row measures the middleware, not new TCP
// connections.
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
// CommonJS: its named exports are not visible to Node's ESM loader.
import expressOpenidConnect from 'express-openid-connect';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { serveAsChild, type BffChildConfig } from './child-protocol.ts';

const { auth, requiresAuth } = expressOpenidConnect;
const server = createServer();
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

serveAsChild(server, {
  readyOnListen: false,
  async configure(config: BffChildConfig) {
    const port = (server.address() as AddressInfo).port;
    const app = express();
    app.use(
      auth({
        issuerBaseURL: config.issuer,
        baseURL: `http://localhost:${port}`,
        clientID: 'cloakroom-bff',
        clientSecret: 'cloakroom-dev-secret',
        secret: 'bench-session-secret-0123456789abcdef',
        authRequired: false,
        routes: { login: '/bff/login', callback: '/bff/callback', logout: '/bff/logout' },
        authorizationParams: {
          response_type: 'code',
          scope: 'openid profile email offline_access',
        },
      }),
    );
    app.use(
      '/api',
      requiresAuth(),
      // As its README shows: refresh an expired access token before using it. Nothing
      // coordinates concurrent requests of one session (the refresh-storm row shows the cost).
      async (req, _res, next) => {
        try {
          let token = req.oidc.accessToken;
          if (token?.isExpired()) token = await token.refresh();
          req.headers.authorization = `Bearer ${token?.access_token ?? ''}`;
          delete req.headers.cookie;
          next();
        } catch (error) {
          next(error);
        }
      },
      createProxyMiddleware({ target: config.apiUpstream, agent }),
    );
    server.on('request', app);
  },
  onStop: () => agent.destroy(),
});
