import type { Interaction, InteractionResults, Provider } from 'oidc-provider';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

/**
 * Grants what a consent prompt says is missing, without asking: the only client is first-party.
 * Normally `loadAutoConsentedGrant` leaves nothing to consent to; this covers an explicit
 * `prompt=consent`, which oidc-provider always turns into a consent interaction.
 *
 * @example
 * ```ts
 * const returnTo = await provider.interactionResult(req, res, await completeConsent(provider, interaction));
 * ```
 */
export async function completeConsent(
  provider: Provider,
  interaction: Interaction,
): Promise<InteractionResults> {
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== 'string') {
    throw new Error('consent interaction without a session account or client');
  }
  const grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as ConsentDetails;
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  return { consent: { grantId } };
}
