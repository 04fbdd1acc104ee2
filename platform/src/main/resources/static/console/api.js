// The platform's API as the console calls it: the operator's credential on every call, problems as errors.

const KEY = 'bss.console.apiKey';
const TOKEN = 'bss.console.token';

/**
 * The operator's credential in this tab's sessionStorage: { apiKey } (sent as X-API-Key), or { bearer } with what
 * signing out needs (sent as Authorization: Bearer; see oidc.js), or null.
 */
export const credential = {
  get() {
    const key = sessionStorage.getItem(KEY);
    if (key) return { apiKey: key };
    try { return JSON.parse(sessionStorage.getItem(TOKEN)); } catch { return null; }
  },
  set(value) {
    credential.clear();
    if (value.apiKey) sessionStorage.setItem(KEY, value.apiKey);
    else sessionStorage.setItem(TOKEN, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(TOKEN);
  },
};

/** An answer that was not 2xx: its problem (RFC 9457) as the platform sent it, or one made up from the answer. */
export class ApiError extends Error {
  constructor(problem, body = null) {
    super(`${problem.title}: ${problem.detail || ''}`);
    this.problem = problem;
    this.body = body; // the answer's JSON, whatever it was
  }
  get status() { return this.problem.status; }
}

function query(parameters) {
  if (!parameters) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value === null || value === undefined || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

/**
 * One call. options: tenant (sent as BSS-Tenant: an admin credential acts for that tenant), body (sent as JSON),
 * query (an object of parameters), credential (one to use instead of the stored one, as credential.get() gives it).
 */
export async function call(method, path, options = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const using = options.credential ?? credential.get();
  if (using?.apiKey) headers['X-API-Key'] = using.apiKey;
  else if (using?.bearer) headers.Authorization = `Bearer ${using.bearer}`;
  if (options.tenant) headers['BSS-Tenant'] = options.tenant;
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let answer;
  try {
    answer = await fetch(path + query(options.query), { method, headers, body, cache: 'no-store' });
  } catch (e) {
    throw new ApiError({ title: 'No answer from the platform', detail: String(e.message || e), status: 0 });
  }
  const text = await answer.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = null; }
  }
  if (!answer.ok) {
    const problem = parsed && typeof parsed === 'object' && parsed.title ? parsed
      : { title: `HTTP ${answer.status}`, status: answer.status, detail: text.slice(0, 500) };
    problem.status = problem.status ?? answer.status;
    const error = new ApiError(problem, parsed);
    if (answer.status === 401 && !options.credential) {
      window.dispatchEvent(new CustomEvent('console:unauthenticated', { detail: error }));
    }
    throw error;
  }
  return parsed;
}

export const api = {
  get: (path, options) => call('GET', path, options),
  post: (path, body, options = {}) => call('POST', path, { ...options, body }),
  put: (path, body, options = {}) => call('PUT', path, { ...options, body }),
  patch: (path, body, options = {}) => call('PATCH', path, { ...options, body }),
  delete: (path, options) => call('DELETE', path, options),
};
