package io.switchboard.ai.provider.azure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Microsoft Entra ID client-credentials grant of an Azure OpenAI provider (OAuth 2.0, RFC 6749 §4.4): the form
 * POSTed to the tenant's token endpoint, whose answer ({@code access_token}, {@code expires_in}) is read and cached
 * like Google's ({@link io.switchboard.ai.provider.vertex.AccessTokenCache}). Pure: no I/O.
 */
public final class EntraTokens {

  /** How the token endpoint is named in messages. */
  public static final String AUTHORITY = "Microsoft Entra ID";

  /** The scope of Azure OpenAI (Azure AI services). */
  public static final String DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default";

  /** A tenant id: a GUID or a domain name such as {@code contoso.onmicrosoft.com}. */
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?");

  private EntraTokens() {
  }

  /** Whether {@code tenantId} can name a token endpoint (letters, digits, '.' and '-'; nothing else in a URL). */
  public static boolean validTenant(String tenantId) {
    return TENANT.matcher(tenantId).matches();
  }

  /** The v2.0 token endpoint of a tenant in Azure's public cloud. */
  public static String defaultTokenUrl(String tenantId) {
    if (!validTenant(tenantId)) {
      throw new IllegalArgumentException("invalid tenant id");
    }
    return "https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/token";
  }

  /** The form body of a client-credentials token request. */
  public static String requestBody(String clientId, String clientSecret, String scope) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(scope, "scope");
    return "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
        + "&scope=" + encode(scope);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
