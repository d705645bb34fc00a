// The library way, as README's "Using the library" shows it: the user's own Koa app with
// createBff. The consumer test type-checks this file with tsc against the installed .d.ts files,
// compiles it, and runs it on each Node version from the installed tarballs alone.
import http from 'node:http';
import Koa from 'koa';
import { createBff, createSqliteStore } from '@cloakroom/bff';

const env = process.env;
const app = new Koa();
const bff = createBff(
  {
    publicUrl: env.PUBLIC_URL!,
    issuer: env.OIDC_ISSUER!,
    clientId: 'cloakroom-bff',
    clientSecret: env.OIDC_CLIENT_SECRET,
    apiUpstream: env.API_UPSTREAM!,
    backend: { store: createSqliteStore({ file: env.SESSION_FILE! }) },
    secrets: env.SESSION_SECRET!.split(','),
  },
  app,
);
app.use(bff.middleware);
app.use((ctx) => {
  ctx.body = 'the rest of my app';
});

const port = Number(env.PORT);
http.createServer(bff.listener(app.callback())).listen(port, '127.0.0.1', () => {
  console.log(`koa app listening on ${port}`);
});
