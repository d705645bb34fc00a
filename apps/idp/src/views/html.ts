/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// Inline and system fonts only: the dev IdP must not reach outside loopback, not even for a font.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f1f3f6;color:#1d2330;
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:min(360px,92vw);background:#fff;border-radius:12px;padding:28px 28px 20px;
  box-shadow:0 1px 2px rgba(16,24,40,.06),0 8px 24px rgba(16,24,40,.08)}
h1{margin:0 0 4px;font-size:13px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:#5b6475}
h2{margin:0 0 18px;font-size:22px;font-weight:650}
label{display:block;margin:0 0 12px;font-size:13px;font-weight:600;color:#3a4252}
input{display:block;width:100%;margin-top:4px;padding:9px 11px;border:1px solid #c9cfda;border-radius:8px;font:inherit}
input:focus{outline:2px solid #3d6df2;outline-offset:-1px;border-color:transparent}
button{width:100%;margin-top:6px;padding:10px;border:0;border-radius:8px;background:#3d6df2;color:#fff;
  font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#2f5bd6}
a.cancel{display:block;margin-top:8px;padding:9px;border:1px solid #c9cfda;border-radius:8px;
  text-align:center;color:#3a4252;font-weight:600;text-decoration:none}
a.cancel:hover{background:#f1f3f6}
.error{margin:0 0 14px;padding:9px 11px;border-radius:8px;background:#fdecec;color:#9b1c1c;font-size:14px}
.code{margin:0 0 12px;padding:9px 11px;border-radius:8px;background:#eef3ff;font-size:14px}
.code strong{font-family:ui-monospace,monospace;font-size:17px;letter-spacing:.12em}
.hint{margin:18px 0 0;padding-top:12px;border-top:1px solid #e6e9ef;font-size:13px;color:#5b6475}
.hint code{background:#f1f3f6;padding:1px 5px;border-radius:4px;white-space:nowrap}
.hint a{display:inline-block;margin-top:6px}
a{color:#3d6df2}
`;

/**
 * A complete page in the dev IdP's look. `body` must already be escaped HTML.
 *
 * @example
 * ```ts
 * ctx.body = layout('Signed out', '<p>Bye.</p>');
 * ```
 */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Cloakroom dev IdP</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Cloakroom dev IdP</h1>
<h2>${escapeHtml(title)}</h2>
${body}
</main>
</body>
</html>`;
}
