// Talks to POST /api/query (contract: libs/agent/src/api). Every failure becomes a QueryApiError whose
// message can be shown to the user as it is: the API's own message for 4xx/5xx, a hint for network trouble.

export const DEFAULT_TIMEOUT_MS = 120_000;

export class QueryApiError extends Error {
  /**
   * @param {string} code stable code (the API's, or NETWORK_ERROR / TIMEOUT / BAD_RESPONSE / HTTP_<status>)
   * @param {string} message actionable text for the user
   * @param {{ status?: number, field?: string, cause?: unknown }} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'QueryApiError';
    this.code = code;
    this.status = details.status;
    this.field = details.field;
  }
}

/**
 * Sends one conversation turn.
 * @param {{ fetch: typeof fetch, baseUrl?: string, sessionId: string, query: string, token?: string | null,
 *           timeoutMs?: number }} request
 */
export async function askQuestion({
  fetch: fetchFn,
  baseUrl = '',
  sessionId,
  query,
  token,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}) {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/query`;
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);

  let response;
  let bodyText;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ sessionId, query }),
      signal: controller.signal,
    });
    bodyText = await response.text();
  } catch (cause) {
    if (controller.signal.aborted) {
      throw new QueryApiError(
        'TIMEOUT',
        `No answer within ${Math.round(timeoutMs / 1000)} s. Try again, or ask a narrower question.`,
        { cause },
      );
    }
    throw new QueryApiError(
      'NETWORK_ERROR',
      'Could not reach the Instalake server. Check that `instalake serve` is still running, then try again.',
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }

  const body = parseJson(bodyText);
  if (!response.ok) {
    const error = body && typeof body === 'object' ? body.error : undefined;
    if (error && typeof error.message === 'string' && error.message.trim() !== '') {
      throw new QueryApiError(String(error.code ?? `HTTP_${response.status}`), error.message, {
        status: response.status,
        field: typeof error.field === 'string' ? error.field : undefined,
      });
    }
    throw new QueryApiError(
      `HTTP_${response.status}`,
      `The server answered ${response.status} ${response.statusText || ''}`.trim() + '. Try again in a moment.',
      {
        status: response.status,
      },
    );
  }
  if (!isAnswer(body)) {
    throw new QueryApiError(
      'BAD_RESPONSE',
      'The server sent an answer this page cannot read. Check that the page and the server are the same version.',
      {
        status: response.status,
      },
    );
  }
  return body;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAnswer(body) {
  return (
    Boolean(body) && typeof body === 'object' && typeof body.response === 'string' && Array.isArray(body.sources ?? [])
  );
}
