// Evil Corp's payload: three classic cross-site request forgeries against the BFF named in
// <meta name="cloakroom-target">, each reporting what this page could observe. A file, not an
// inline script, so the page keeps working under its own `script-src 'self'` CSP.

const target = document.querySelector('meta[name="cloakroom-target"]').content;
const forgedNote = JSON.stringify({ text: 'Evil Corp was here' });

/** Shows one attack's observation; `outcome` is `blocked`, `blind` or `succeeded`. */
function report(id, outcome, text) {
  const item = document.querySelector(`[data-testid="${id}"]`);
  item.dataset.outcome = outcome;
  item.querySelector('.result').textContent = text;
  return outcome;
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** (a) An auto-submitted form, the way CSRF has always been done; its answer lands in a frame. */
function forgedFormPost() {
  const frame = document.querySelector('iframe[name="forged-logout-sink"]');
  const form = document.getElementById('forged-logout');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      frame.removeEventListener('load', onLoad);
      resolve(report('attack-form', 'blind', 'Submitted; no answer arrived within 5 s.'));
    }, 5000);
    function onLoad() {
      clearTimeout(timer);
      let readable = false;
      try {
        readable = frame.contentDocument !== null;
      } catch {
        readable = false;
      }
      resolve(
        readable
          ? report('attack-form', 'succeeded', 'Submitted, and the answer was readable here.')
          : report(
              'attack-form',
              'blind',
              'Submitted. The answer went to a frame of the other site that this page cannot read; the Security page’s check shows you were not logged out.',
            ),
      );
    }
    frame.addEventListener('load', onLoad, { once: true });
    form.submit();
  });
}

/** (b) fetch with credentials; `headers` decides whether the browser needs a preflight. */
async function forgedFetch(id, headers, whyRejected) {
  try {
    const response = await fetch(`${target}/api/notes`, {
      method: 'POST',
      credentials: 'include',
      headers,
      body: forgedNote,
    });
    return report(
      id,
      response.ok ? 'succeeded' : 'blocked',
      `The answer was readable: ${response.status} ${response.statusText}.`,
    );
  } catch (error) {
    return report(id, 'blocked', `fetch rejected (${describe(error)}): ${whyRejected}`);
  }
}

/** (c) An image GET, cookies included if the browser would send them. */
function forgedImage() {
  return new Promise((resolve) => {
    const image = new Image();
    image.addEventListener('load', () =>
      resolve(report('attack-img', 'succeeded', 'The image loaded.')),
    );
    image.addEventListener('error', () =>
      resolve(
        report(
          'attack-img',
          'blocked',
          'The image failed to load (error event): nothing readable came back.',
        ),
      ),
    );
    image.src = `${target}/api/notes?img=${Date.now()}`;
  });
}

async function runAttacks() {
  const summary = document.querySelector('[data-testid="attacks-summary"]');
  const button = document.getElementById('run-again');
  button.disabled = true;
  delete summary.dataset.done;
  summary.textContent = 'Running the attacks…';
  for (const item of document.querySelectorAll('.attack')) {
    item.dataset.outcome = 'pending';
    item.querySelector('.result').textContent = 'Running…';
  }
  const outcomes = await Promise.all([
    forgedFormPost(),
    forgedFetch(
      'attack-fetch',
      { 'content-type': 'text/plain' },
      'the request went out, but the BFF sent no CORS approval, so nothing came back to this page.',
    ),
    forgedFetch(
      'attack-fetch-header',
      { 'content-type': 'text/plain', 'X-CSRF': '1' },
      'the BFF did not approve the preflight, so the browser never sent the POST.',
    ),
    forgedImage(),
  ]);
  const won = outcomes.filter((outcome) => outcome === 'succeeded').length;
  summary.textContent = won
    ? `${won} of ${outcomes.length} attacks got through. Something is wrong.`
    : `All ${outcomes.length} attacks done; none got anything. Back in the app, the Security page’s “Check my session and notes” shows nothing changed.`;
  summary.dataset.done = won ? 'breached' : 'safe';
  button.disabled = false;
}

// A run that throws (a broken page, not a blocked attack) lets the button try again.
function runAttacksOrReport() {
  runAttacks().catch((error) => {
    console.error(error);
    document.getElementById('run-again').disabled = false;
  });
}

document.getElementById('run-again').addEventListener('click', runAttacksOrReport);
runAttacksOrReport();
