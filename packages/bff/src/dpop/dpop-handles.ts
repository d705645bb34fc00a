import { createPublicKey } from 'node:crypto';
import * as client from 'openid-client';
import type { DpopKey } from './dpop-key.ts';

/** Proofs say `EdDSA`, the JWS name every IdP knows; oauth4webapi would write `Ed25519`. */
const remapEd25519: client.ModifyAssertionOptions = {
  [client.modifyAssertion]: (header) => {
    if (header.alg === 'Ed25519') header.alg = 'EdDSA';
  },
};

/**
 * openid-client's DPoP handles (proofs and the IdP's nonces for token requests), one per key:
 * a handle keeps the nonce the IdP last sent, so it is kept as long as its key is in use.
 * Bounded, oldest first: a handle made again only costs a nonce round trip.
 *
 * @example
 * const handles = createDpopHandles(500);
 * await client.refreshTokenGrant(config, rt, params, { DPoP: handles.for(config, key) });
 */
export function createDpopHandles(max: number) {
  const handles = new Map<string, client.DPoPHandle>();
  return {
    for(configuration: client.Configuration, key: DpopKey): client.DPoPHandle {
      const known = handles.get(key.jkt);
      if (known) return known;
      const keyPair = {
        privateKey: key.privateKey.toCryptoKey('Ed25519', false, ['sign']),
        publicKey: createPublicKey(key.privateKey).toCryptoKey('Ed25519', true, ['verify']),
      } as client.CryptoKeyPair;
      const handle = client.getDPoPHandle(configuration, keyPair, remapEd25519);
      if (handles.size >= max) handles.delete(handles.keys().next().value!);
      handles.set(key.jkt, handle);
      return handle;
    },
  };
}

export type DpopHandles = ReturnType<typeof createDpopHandles>;
