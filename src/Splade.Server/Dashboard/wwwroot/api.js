// The dashboard is one more client of the server's public HTTP API: every call goes through api().
const keyName = 'splade.apiKey';
let needKey = null;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function apiKey() {
  return sessionStorage.getItem(keyName);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(keyName, key);
  else sessionStorage.removeItem(keyName);
}

/** Called with the error when the server answers 401 (a key is needed, or the one given is wrong). */
export function onKeyNeeded(handler) {
  needKey = handler;
}

async function send(method, path, body, accept) {
  const headers = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const key = apiKey();
  if (key) headers['api-key'] = key;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, `The server cannot be reached (${error.message}).`);
  }
  if (!response.ok) {
    const text = await response.text();
    let message = text || response.statusText;
    try {
      message = JSON.parse(text)?.status?.error ?? message;
    } catch {
      // not JSON: keep the text
    }
    const error = new ApiError(response.status, message);
    if (response.status === 401 && needKey) needKey(error);
    throw error;
  }
  return response;
}

/** Calls the API and answers its `result`; throws ApiError with the server's message on failure. */
export async function api(method, path, body) {
  const response = await send(method, path, body, 'application/json');
  const data = await response.json();
  return data.result;
}

/** Calls the API for a binary answer (a PNG). */
export async function apiBlob(method, path, body) {
  const response = await send(method, path, body, 'image/png');
  return response.blob();
}

export const collectionPath = (name) => `/collections/${encodeURIComponent(name)}`;
