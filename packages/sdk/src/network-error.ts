/**
 * The request never got an HTTP answer: the server is down or unreachable, the connection broke, DNS
 * failed, or the body could not be read. `url` is what was called and `cause` what the runtime's
 * fetch threw, so the message names both instead of a bare "fetch failed".
 */
export class PurpleFleaNetworkError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`could not reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "PurpleFleaNetworkError";
    this.url = url;
  }
}

/** One fetch and its body as text; whatever fails before a full answer arrives is a PurpleFleaNetworkError. */
export async function fetchText(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; text: string }> {
  try {
    const response = await fetchImpl(url, init);
    return { response, text: await response.text() };
  } catch (error) {
    throw new PurpleFleaNetworkError(url, error);
  }
}
