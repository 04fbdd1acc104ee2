// Sign-in with the OpenID Connect provider of bss.console.oidc-*: the Authorization Code flow with PKCE (S256) and
// state, the console being a public client (no secret). What the sign-in started in this tab needs back (state, code
// verifier, token endpoint) waits in sessionStorage while the browser is at the provider. The access token goes to the
// platform as a bearer token; the platform checks it (signature, issuer, audience, expiry, tenant, scope), the console
// does not: the ID token is read only for the name shown and as the hint when signing out.

import { ApiError } from './api.js';

const PENDING = 'bss.console.oidc.pending';

function failure(title, detail) {
  return new ApiError({ title, detail });
}

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(length) {
  return base64url(crypto.getRandomValues(new Uint8Array(length)));
}

/** The console's own address, without hash or query: where the provider sends the browser back (/console/). */
export function consoleUrl() {
  return new URL('./', location.href).href;
}

/** The provider's metadata (OpenID Connect Discovery 1.0), which must name the configured issuer exactly. */
async function discover(issuer) {
  const address = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let answer;
  try {
    answer = await fetch(address, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (e) {
    throw failure('No answer from the identity provider', `${address}: ${e.message || e} (is it reachable from this browser,`
      + ' and does it allow this origin (CORS)?)');
  }
  if (!answer.ok) throw failure('The identity provider has no discovery document', `${address} answered ${answer.status}.`);
  const metadata = await answer.json();
  if (metadata.issuer !== issuer) {
    throw failure('The identity provider names another issuer', `${address} names '${metadata.issuer}', not '${issuer}'.`);
  }
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw failure('The identity provider offers no authorization code flow', `${address} names no authorization or token endpoint.`);
  }
  const methods = metadata.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) {
    throw failure('The identity provider does not offer PKCE with S256', `${address} offers ${methods.join(', ') || 'none'}.`);
  }
  return metadata;
}

/** Sends the browser to the provider's sign-in; the tab comes back to the console with ?code=...&state=.... */
export async function signIn(settings, returnHash) {
  if (!window.crypto?.subtle) {
    throw failure('Sign-in needs a secure page', 'PKCE needs the browser\'s Web Crypto, which it offers on https:// pages'
      + ' (and on localhost) only: open the console over https.');
  }
  const provider = await discover(settings.issuer);
  const verifier = random(32);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const redirectUri = consoleUrl();
  sessionStorage.setItem(PENDING, JSON.stringify({
    state, verifier, redirectUri, returnHash, issuer: settings.issuer, clientId: settings.clientId,
    tokenEndpoint: provider.token_endpoint, endSession: provider.end_session_endpoint || null,
  }));
  const target = new URL(provider.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri, scope: settings.scope, state,
    code_challenge: challenge, code_challenge_method: 'S256',
  })) target.searchParams.set(name, value);
  location.assign(target.href);
}

/** The provider's answer in this page's address (?code= or ?error=), or null. */
export function answer() {
  const query = new URLSearchParams(location.search);
  return query.has('code') || query.has('error') ? query : null;
}

/**
 * Takes the provider's answer: the address loses it (a reload must not use the code again), a state that is not the
 * one this tab sent is refused before anything else, the code is exchanged for the tokens. Gives the credential to
 * keep (not yet kept: the platform must accept it first) and the page to go back to.
 */
export async function finish(query) {
  let pending = null;
  try { pending = JSON.parse(sessionStorage.getItem(PENDING)); } catch { /* none */ }
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + (pending ? pending.returnHash : location.hash));
  if (!pending || !query.get('state') || query.get('state') !== pending.state) {
    throw failure('Sign-in refused', 'The answer from the identity provider does not belong to a sign-in started in this'
      + ' tab (its state does not match). Nothing of it was used; sign in again.');
  }
  if (query.has('iss') && query.get('iss') !== pending.issuer) {
    throw failure('Sign-in refused', `The answer comes from '${query.get('iss')}', not from '${pending.issuer}'.`);
  }
  if (query.has('error')) {
    throw failure('Sign-in failed', `The identity provider answered ${query.get('error')}`
      + `${query.get('error_description') ? ': ' + query.get('error_description') : '.'}`);
  }
  let answered;
  try {
    answered = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: query.get('code'), redirect_uri: pending.redirectUri,
        client_id: pending.clientId, code_verifier: pending.verifier,
      }),
      cache: 'no-store',
    });
  } catch (e) {
    throw failure('No answer from the identity provider', `${pending.tokenEndpoint}: ${e.message || e} (does it allow this`
      + ' origin (CORS)?)');
  }
  let tokens = {};
  try { tokens = await answered.json(); } catch { /* reported below */ }
  if (!answered.ok || !tokens.access_token) {
    throw failure('Sign-in failed', `The identity provider refused the code (${answered.status}`
      + `${tokens.error ? ' ' + tokens.error : ''})${tokens.error_description ? ': ' + tokens.error_description : '.'}`);
  }
  if (tokens.token_type && tokens.token_type.toLowerCase() !== 'bearer') {
    throw failure('Sign-in failed', `The identity provider gave a token of type '${tokens.token_type}', not a bearer token.`);
  }
  const who = claims(tokens.id_token || tokens.access_token);
  return {
    credential: {
      bearer: tokens.access_token, idToken: tokens.id_token || null, issuer: pending.issuer, clientId: pending.clientId,
      endSession: pending.endSession, user: who.name || who.preferred_username || who.email || who.sub || null,
    },
    returnHash: pending.returnHash,
  };
}

/** Where signing out sends the browser (the provider's end_session_endpoint, back to the console), or null. */
export function endSessionUrl(stored) {
  if (!stored?.endSession) return null;
  const target = new URL(stored.endSession);
  target.searchParams.set('client_id', stored.clientId);
  target.searchParams.set('post_logout_redirect_uri', consoleUrl());
  if (stored.idToken) target.searchParams.set('id_token_hint', stored.idToken);
  return target.href;
}

/** A JWT's claims, unverified (for display only), or {} for anything else. */
function claims(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, c => c.charCodeAt(0))));
  } catch {
    return {};
  }
}
