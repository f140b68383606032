// The team server's JSON API, as the e2e tests call it beside the browser (seeding, checking what
// the server holds). One client for every test file.
import assert from 'node:assert/strict';

/** The demo team's password (`tact serve --demo`). */
export const DEMO_PASSWORD = 'tact-demo';

/** `path` under `/api/v1` of `server`; answers `{status, body}` with the body parsed. */
export async function api(server, path, { token, method = 'GET', body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A session token for `email` (a demo account unless `password` says otherwise). */
export async function apiToken(server, email, password = DEMO_PASSWORD) {
  const { status, body } = await api(server, '/session', { method: 'POST', body: { email, password } });
  assert.equal(status, 201, JSON.stringify(body));
  return body.token;
}
