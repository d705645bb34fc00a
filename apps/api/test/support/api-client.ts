export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One call to the API; the body is parsed as JSON when there is one. */
export async function call(
  baseUrl: string,
  path: string,
  init: {
    token?: string;
    authorization?: string;
    method?: string;
    body?: string;
    type?: string;
  } = {},
): Promise<ApiAnswer> {
  const headers = new Headers();
  const authorization = init.authorization ?? (init.token ? `Bearer ${init.token}` : undefined);
  if (authorization) headers.set('authorization', authorization);
  if (init.body !== undefined) headers.set('content-type', init.type ?? 'application/json');
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}
