/**
 * The configured logout URL (`endSessionUrl`) with its placeholders filled in, each value
 * URL-encoded so that no value can add a parameter of its own. A template without `{state}`
 * gets `state` appended: every end-session request carries one (some IdPs redirect back only
 * with it). `id_token_hint` is appended only when given.
 *
 * @example
 * fillEndSessionTemplate('https://auth.example/logout?client_id={client_id}&logout_uri={post_logout_redirect_uri}', params);
 */
export function fillEndSessionTemplate(
  template: string,
  params: {
    client_id: string;
    post_logout_redirect_uri: string;
    state: string;
    id_token_hint?: string;
  },
): URL {
  const values: Record<string, string> = {
    client_id: params.client_id,
    post_logout_redirect_uri: params.post_logout_redirect_uri,
    state: params.state,
  };
  const url = new URL(
    template.replace(/\{(client_id|post_logout_redirect_uri|state)\}/g, (_, name: string) =>
      encodeURIComponent(values[name]!),
    ),
  );
  if (!template.includes('{state}')) url.searchParams.set('state', params.state);
  if (params.id_token_hint) url.searchParams.set('id_token_hint', params.id_token_hint);
  return url;
}
