package io.switchboard.ai.provider;

import io.switchboard.ai.provider.azure.EntraTokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates {@code ai.providers.<id>.entra}: Microsoft Entra ID authentication of an {@code azure}
 * provider, either a fixed {@code token} or a client-credentials grant. Problems are reported as
 * {@code property: value (expected: …)}; no message contains the token or the client secret.
 */
final class EntraConfiguration {

  private EntraConfiguration() {
  }

  /**
   * @param prefix {@code ai.providers.<id>.}
   * @param token the {@code token} property, envelopes opened
   * @param clientSecret the {@code client-secret} property, envelopes opened
   * @param auto whether the provider is {@code enabled: auto}: then a missing secret (no token and no client
   *     secret, e.g. an unset {@code ${AZURE_CLIENT_SECRET:}}) switches it off instead of being a problem
   * @return the settings, or {@code null} when none are declared, the provider is off, or they are invalid (a
   *     problem is then added)
   */
  static Provider.@Nullable AzureEntra read(String prefix, ProviderType type, AiProperties.Entra entra,
      @Nullable String token, @Nullable String clientSecret, boolean auto, List<String> problems) {
    String at = prefix + "entra.";
    if (!entra.declared()) {
      return null;
    }
    if (type != ProviderType.AZURE) {
      problems.add(at + "*: set for type " + type.id() + " (expected: only for type azure)");
      return null;
    }
    String tenantId = blankToNull(entra.getTenantId());
    String clientId = blankToNull(entra.getClientId());
    String tokenUrl = blankToNull(entra.getTokenUrl());
    String scope = blankToNull(entra.getScope());
    if (token != null) {
      if (tenantId != null || clientId != null || clientSecret != null || tokenUrl != null || scope != null) {
        problems.add(at + "token: set together with the client-credentials properties (expected: either token, or "
            + "client-id, client-secret and tenant-id or token-url)");
        return null;
      }
      return new Provider.AzureEntra(token, null, null, null, EntraTokens.DEFAULT_SCOPE);
    }
    if (clientSecret == null && auto) {
      return null;
    }
    if (clientSecret == null && clientId == null && tenantId == null && tokenUrl == null && scope == null) {
      problems.add(at + "token: empty (expected: a Microsoft Entra access token, or the client-credentials "
          + "properties)");
      return null;
    }
    int before = problems.size();
    if (clientId == null) {
      problems.add(at + "client-id: missing (expected: the application (client) id, or entra.token)");
    }
    if (clientSecret == null) {
      problems.add(at + "client-secret: missing (expected: the application's client secret, or entra.token)");
    }
    if (tenantId != null && !EntraTokens.validTenant(tenantId)) {
      problems.add(at + "tenant-id: '" + tenantId + "' (expected: a tenant GUID or domain such as "
          + "contoso.onmicrosoft.com)");
    } else if (tokenUrl == null && tenantId == null) {
      problems.add(at + "tenant-id: missing (expected: the directory (tenant) id, or entra.token-url)");
    }
    if (tokenUrl != null && !validUrl(tokenUrl)) {
      problems.add(at + "token-url: '" + tokenUrl + "' (expected: an absolute http or https URL without query)");
    }
    if (problems.size() > before) {
      return null;
    }
    return new Provider.AzureEntra(null, tokenUrl != null ? tokenUrl : EntraTokens.defaultTokenUrl(tenantId),
        clientId, clientSecret, scope != null ? scope : EntraTokens.DEFAULT_SCOPE);
  }

  private static boolean validUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
