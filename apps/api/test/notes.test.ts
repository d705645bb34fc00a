import type { Note } from '@cloakroom/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../src/index.ts';
import { call } from './support/api-client.ts';

const MFA = 'urn:cloakroom:acr:mfa';
import { startTokenIssuer, type TokenIssuer } from './support/token-issuer.ts';

describe('notes', () => {
  let idp: TokenIssuer;
  let api: Awaited<ReturnType<typeof startApi>>;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    idp = await startTokenIssuer();
    api = await startApi({ issuer: idp.issuer });
    alice = await idp.sign({ sub: 'alice', acr: MFA });
    bob = await idp.sign({ sub: 'bob', acr: MFA });
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  const post = (token: string, body: string, type?: string) =>
    call(api.url, '/notes', { token, method: 'POST', body, ...(type ? { type } : {}) });

  it("creates, lists (oldest first) and deletes the caller's notes, isolated per sub", async () => {
    const first = await post(alice, JSON.stringify({ text: '  buy milk  ' }));
    expect(first.status).toBe(201);
    const note = first.body as Note;
    expect(note).toEqual({
      id: expect.any(String),
      text: 'buy milk',
      createdAt: expect.any(String),
    });
    expect(new Date(note.createdAt).toISOString()).toBe(note.createdAt);
    const second = (await post(alice, JSON.stringify({ text: 'call bob' }))).body as Note;
    const bobs = (await post(bob, JSON.stringify({ text: 'build' }))).body as Note;

    expect((await call(api.url, '/notes', { token: alice })).body).toEqual([note, second]);
    expect((await call(api.url, '/notes', { token: bob })).body).toEqual([bobs]);

    // Bob can neither see nor delete Alice's note.
    const foreign = await call(api.url, `/notes/${note.id}`, { token: bob, method: 'DELETE' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: 'not_found' });

    const deleted = await call(api.url, `/notes/${note.id}`, { token: alice, method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await call(api.url, '/notes', { token: alice })).body).toEqual([second]);
    expect(
      (await call(api.url, `/notes/${note.id}`, { token: alice, method: 'DELETE' })).status,
    ).toBe(404);
  });

  it('lists an empty array for a caller without notes', async () => {
    const carol = await idp.sign({ sub: 'carol' });
    const answer = await call(api.url, '/notes', { token: carol });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
  });

  it.each([
    ['a missing text', {}],
    ['an empty text', { text: '' }],
    ['a whitespace-only text', { text: ' \n\t ' }],
    ['a text over 500 characters', { text: 'x'.repeat(501) }],
    ['a non-string text', { text: 42 }],
    ['an array body', ['hi']],
    ['a null body', null],
  ])('refuses %s with 400 invalid_note', async (_name, body) => {
    const answer = await post(alice, JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_note', message: expect.any(String) });
  });

  it('accepts exactly 500 characters, counted as characters, not UTF-16 units', async () => {
    expect((await post(alice, JSON.stringify({ text: 'x'.repeat(500) }))).status).toBe(201);
    expect((await post(alice, JSON.stringify({ text: '😀'.repeat(500) }))).status).toBe(201);
  });

  it('refuses a non-JSON body with 415 and malformed JSON with 400 invalid_json', async () => {
    const plain = await post(alice, 'buy milk', 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.body).toMatchObject({ error: 'unsupported_media_type' });
    const broken = await post(alice, '{"text":', 'application/json');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: 'invalid_json' });
  });

  it('refuses bodies over 16 KB with 413', async () => {
    const answer = await post(alice, JSON.stringify({ text: 'x'.repeat(20_000) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'payload_too_large' });
  });

  it('answers unknown routes with 404 JSON and wrong methods with 405 JSON', async () => {
    const unknown = await call(api.url, '/nope', { token: alice });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found', message: expect.any(String) });
    const wrongMethod = await call(api.url, '/me', { token: alice, method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toMatchObject({ error: 'method_not_allowed' });
  });

  it.each([
    ['without an acr', {}],
    ['with a password-only acr', { acr: 'urn:cloakroom:acr:password' }],
    ['with an acr that only contains the mfa one', { acr: `${MFA}x` }],
  ])('asks for a stronger login to delete a note %s (RFC 9470)', async (_name, claims) => {
    const note = (await post(alice, JSON.stringify({ text: 'keep me' }))).body as Note;
    const weak = await idp.sign({ sub: 'alice', ...claims });
    const answer = await call(api.url, `/notes/${note.id}`, { token: weak, method: 'DELETE' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_user_authentication", acr_values="${MFA}"`,
    );
    expect(answer.body).toEqual({
      error: 'insufficient_user_authentication',
      message: expect.any(String),
    });
    // Nothing was deleted; reading still works with the weaker token.
    const list = await call(api.url, '/notes', { token: weak });
    expect(list.body).toContainEqual(note);
  });
});
