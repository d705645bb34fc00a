/**
 * The one HTML page of the attacker site. It holds no script of its own: `attack.js` is a file
 * (so the page also runs under a strict CSP) and reads the target from a `<meta>` tag.
 */

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/** The three attacks, in the order the page runs them; `id` is the stem of every test id. */
const attacks = [
  {
    id: 'attack-form',
    title: 'A forged form POST to /bff/logout',
    attempt: 'A hidden <form method="post"> submitted into an invisible frame.',
    why: 'The session cookie is SameSite=Strict, so the browser leaves it out of a request another site starts; a form cannot add the X-CSRF header either, so the BFF answers 403 and logs nobody out.',
  },
  {
    id: 'attack-fetch',
    title: 'A cross-site fetch POST to /api/notes',
    attempt:
      "fetch(…, { method: 'POST', credentials: 'include', body: JSON, 'content-type': 'text/plain' })",
    why: 'A "simple" request does reach the BFF, but without the SameSite=Strict cookie, without X-CSRF and with a foreign Origin / Sec-Fetch-Site: cross-site, so it gets 403; and no CORS approval means this page cannot read the answer.',
  },
  {
    id: 'attack-fetch-header',
    title: 'The same fetch with X-CSRF: 1',
    attempt: "fetch(…, { method: 'POST', credentials: 'include', headers: { 'X-CSRF': '1' } })",
    why: 'A custom header forces a CORS preflight (OPTIONS) first; the BFF never approves one, so the browser never sends the POST.',
  },
  {
    id: 'attack-img',
    title: 'An <img> GET of /api/notes',
    attempt: 'An <img src> pointing at the API, the oldest CSRF trick.',
    why: 'No SameSite=Strict cookie and no X-CSRF header on an image request, so the BFF refuses it (and no GET changes anything); the answer is not an image, so the page learns nothing.',
  },
] as const;

/** The test ids of the attacks' result lines, for tests that drive the page. */
export const attackIds = attacks.map((attack) => attack.id);

/**
 * The "Evil Corp" page aimed at `bffUrl` (an origin such as `http://localhost:3000`).
 *
 * @example
 * ```ts
 * response.end(renderPage('http://localhost:3000'));
 * ```
 */
export function renderPage(bffUrl: string): string {
  const target = escapeHtml(bffUrl);
  const items = attacks
    .map(
      (attack) => `
        <li class="attack" data-testid="${attack.id}" data-outcome="pending">
          <h3>${escapeHtml(attack.title)}</h3>
          <p class="attempt"><code>${escapeHtml(attack.attempt)}</code></p>
          <p class="result" data-testid="${attack.id}-result">Waiting to run…</p>
          <p class="why"><strong>Why it fails:</strong> ${escapeHtml(attack.why)}</p>
        </li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="cloakroom-target" content="${target}" />
    <title>Evil Corp — claim your prize</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/evil.css" />
    <script type="module" src="/attack.js"></script>
  </head>
  <body>
    <header class="banner">
      <span class="logo" aria-hidden="true">☠</span>
      <span class="brand">Evil Corp</span>
      <span class="tagline">Totally legitimate prizes since 2009</span>
    </header>
    <main>
      <section class="lure" aria-labelledby="lure-title">
        <h1 id="lure-title">Congratulations! You won a free laptop</h1>
        <p>Keep this tab open while we “verify” your prize. Nothing to click.</p>
      </section>
      <section class="console" aria-labelledby="console-title">
        <h2 id="console-title">What this page is really doing</h2>
        <p>
          This is Cloakroom’s CSRF demo, on another site than the app. While it loads it attacks
          <code>${target}</code> with your browser. Log in there first, then come here; afterwards
          the Security page checks that your session and notes are as they were.
        </p>
        <ol class="attacks">${items}
        </ol>
        <p class="summary" role="status" data-testid="attacks-summary">Running the attacks…</p>
        <button type="button" id="run-again" class="run-again">Run the attacks again</button>
      </section>
    </main>
    <form id="forged-logout" method="post" action="${target}/bff/logout" target="forged-logout-sink" hidden>
      <input type="hidden" name="returnTo" value="/" />
    </form>
    <iframe name="forged-logout-sink" title="Invisible target of the forged form" hidden></iframe>
  </body>
</html>
`;
}
