// @cloakroom/mocks installed elsewhere: its msw handlers answer the BFF's endpoints in Node.
// The handlers use same-origin paths (`/bff/user`), resolved against the page's location, as in
// a component test's DOM environment (happy-dom, jsdom); plain Node has none, so give it one.
Object.defineProperty(globalThis, 'location', { value: new URL('http://localhost/') });
import { server } from '@cloakroom/mocks/node';
import { alice } from '@cloakroom/mocks';

server.listen({ onUnhandledFrame: 'error' });
const response = await fetch('http://localhost/bff/user', { headers: { 'x-csrf': '1' } });
const user = (await response.json()) as { sub: string };
server.close();
console.log(JSON.stringify({ status: response.status, sub: user.sub, alice: alice.sub }));
