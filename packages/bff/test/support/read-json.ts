/** Reads a JSON response body as the shape the test expects to find. */
export async function readJson<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export interface EchoSeen {
  url: string;
  headers: Record<string, string | undefined>;
  bodyBytes: number;
}
