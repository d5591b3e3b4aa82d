package io.switchboard.ai.provider;

import io.switchboard.ai.governance.secrets.SecretBox;
import io.switchboard.ai.governance.secrets.SecretException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The providers declared under {@code ai.providers}, validated once. Construction fails with an
 * {@link InvalidConfigurationException} listing every misconfigured property as {@code property: value (expected: ...)}.
 */
public final class ProviderRegistry {

  private final Map<String, Provider> providers;

  public ProviderRegistry(AiProperties properties) {
    this(properties, System::getenv, SecretBox.NONE);
  }

  /** With encrypted credentials ({@code enc:v1:…}) opened by {@code secrets}. */
  public ProviderRegistry(AiProperties properties, SecretBox secrets) {
    this(properties, System::getenv, secrets);
  }

  ProviderRegistry(AiProperties properties, UnaryOperator<@Nullable String> environment) {
    this(properties, environment, SecretBox.NONE);
  }

  /**
   * @param environment looks up the environment variables that stand in for unset properties ({@code AWS_*},
   *     {@code GOOGLE_APPLICATION_CREDENTIALS})
   */
  ProviderRegistry(AiProperties properties, UnaryOperator<@Nullable String> environment, SecretBox secrets) {
    List<String> problems = new ArrayList<>();
    Map<String, Provider> built = new LinkedHashMap<>();
    properties.getProviders().forEach((id, p) -> {
      Provider provider = build(id, p, environment, secrets, problems);
      if (provider != null) {
        built.put(id, provider);
      }
    });
    AiProperties.Limits limits = properties.getLimits();
    if (limits.getMaxJsonDepth() < 2 || limits.getMaxJsonDepth() > io.switchboard.ai.Json.MAX_NESTING_DEPTH) {
      problems.add("ai.limits.max-json-depth: " + limits.getMaxJsonDepth() + " (expected: 2 to "
          + io.switchboard.ai.Json.MAX_NESTING_DEPTH + ")");
    }
    if (limits.getMaxBodySize().toBytes() < 1 || limits.getMaxBodySize().toBytes() > Integer.MAX_VALUE - 8) {
      problems.add("ai.limits.max-body-size: " + limits.getMaxBodySize() + " (expected: 1B to 2GB)");
    }
    if (limits.getMaxResponseSize().toBytes() < 1
        || limits.getMaxResponseSize().toBytes() > Integer.MAX_VALUE - 8) {
      problems.add("ai.limits.max-response-size: " + limits.getMaxResponseSize() + " (expected: 1B to 2GB)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("Invalid Switchboard configuration", problems);
    }
    this.providers = Map.copyOf(built);
  }

  /** The provider with this id, or {@code null} when none is declared. */
  public @Nullable Provider find(String id) {
    return providers.get(id);
  }

  public Collection<Provider> all() {
    return providers.values();
  }

  /** Declared ids, for error messages. */
  public String ids() {
    return providers.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(providers.keySet()));
  }

  private static @Nullable Provider build(String id, AiProperties.ProviderProperties p,
      UnaryOperator<@Nullable String> environment, SecretBox secrets, List<String> problems) {
    String prefix = "ai.providers." + id + ".";
    int before = problems.size();
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      problems.add("ai.providers." + id + ": invalid id (expected: letters, digits, '.', '_' or '-')");
    }
    ProviderType type = null;
    if (p.getType() == null || p.getType().isBlank()) {
      problems.add(prefix + "type: missing (expected one of: " + ProviderType.allIds() + ")");
    } else {
      type = ProviderType.fromId(p.getType());
      if (type == null) {
        problems.add(prefix + "type: '" + p.getType() + "' (expected one of: " + ProviderType.allIds() + ")");
      }
    }
    String apiKey = reveal(secrets, prefix + "api-key", blankToNull(p.getApiKey()), problems);
    Boolean enabled = switch (p.getEnabled().trim().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      case "auto" -> apiKey != null;
      default -> {
        problems.add(prefix + "enabled: '" + p.getEnabled() + "' (expected: true, false or auto)");
        yield null;
      }
    };
    if (p.getConnectTimeout().isNegative() || p.getConnectTimeout().isZero()) {
      problems.add(prefix + "connect-timeout: " + p.getConnectTimeout() + " (expected: > 0)");
    }
    if (p.getResponseTimeout().isNegative() || p.getResponseTimeout().isZero()) {
      problems.add(prefix + "response-timeout: " + p.getResponseTimeout() + " (expected: > 0)");
    }
    if (p.getDefaultMaxTokens() < 1) {
      problems.add(prefix + "default-max-tokens: " + p.getDefaultMaxTokens() + " (expected: >= 1)");
    }
    if (type == null || enabled == null) {
      return null;
    }
    Provider.AwsSigning aws = null;
    String regionalUrl = null;
    if (type == ProviderType.BEDROCK) {
      String region = firstOf(environment, p.getRegion(), "AWS_REGION", "AWS_DEFAULT_REGION");
      String keyId = firstOf(environment, p.getAwsAccessKeyId(), "AWS_ACCESS_KEY_ID");
      String secret = reveal(secrets, prefix + "aws-secret-access-key",
          firstOf(environment, p.getAwsSecretAccessKey(), "AWS_SECRET_ACCESS_KEY"), problems);
      // A session token belongs to the key pair it was issued with: the environment's only goes with the
      // environment's key id, never with a configured one.
      boolean keyFromEnvironment = blankToNull(p.getAwsAccessKeyId()) == null;
      String token = reveal(secrets, prefix + "aws-session-token", keyFromEnvironment
          ? firstOf(environment, p.getAwsSessionToken(), "AWS_SESSION_TOKEN")
          : blankToNull(p.getAwsSessionToken()), problems);
      if (region == null) {
        problems.add(prefix + "region: missing (expected: an AWS region such as us-east-1, or AWS_REGION set)");
      }
      boolean credentials = keyId != null && secret != null;
      if (!credentials && "auto".equalsIgnoreCase(p.getEnabled().trim())) {
        enabled = false;
      } else if (!credentials && enabled) {
        problems.add(prefix + "aws-access-key-id/aws-secret-access-key: missing (expected: AWS credentials, or "
            + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set)");
      }
      if (region != null && credentials) {
        aws = new Provider.AwsSigning(region, keyId, secret, token);
      }
      if (region != null) {
        regionalUrl = "https://bedrock-runtime." + region + ".amazonaws.com";
      }
    }
    Provider.VertexSettings vertex = null;
    if (type == ProviderType.VERTEX) {
      boolean auto = "auto".equalsIgnoreCase(p.getEnabled().trim());
      VertexConfiguration.Result settings = VertexConfiguration.read(prefix, p, enabled || auto, auto, environment,
          problems);
      enabled = settings.enabled();
      vertex = settings.settings();
      regionalUrl = settings.regionalBaseUrl();
    }
    URI baseUri = null;
    String url = blankToNull(p.getBaseUrl());
    if (url == null) {
      url = regionalUrl;
    }
    if (url == null && type != ProviderType.DEMO) {
      url = type.defaultBaseUrl();
      // A vertex provider's default is its region's endpoint: without one, the region has been reported invalid.
      if (url == null && type != ProviderType.VERTEX) {
        problems.add(prefix + "base-url: missing (expected: an http(s) URL; type " + type.id()
            + " has no default)");
      }
    }
    if (url != null) {
      baseUri = parseBaseUrl(prefix, url, problems);
    } else if (type == ProviderType.DEMO) {
      baseUri = URI.create("demo://" + id);
    }
    AiProperties.Entra entraProperties = p.getEntra();
    Provider.AzureEntra entra = EntraConfiguration.read(prefix, type, entraProperties,
        reveal(secrets, prefix + "entra.token", blankToNull(entraProperties.getToken()), problems),
        reveal(secrets, prefix + "entra.client-secret", blankToNull(entraProperties.getClientSecret()), problems),
        "auto".equalsIgnoreCase(p.getEnabled().trim()), problems);
    if (type == ProviderType.AZURE && entraProperties.declared()) {
      if (apiKey != null) {
        problems.add(prefix + "api-key: set together with " + prefix + "entra (expected: one of them)");
      }
      if ("auto".equalsIgnoreCase(p.getEnabled().trim())) {
        enabled = entra != null;
      }
    }
    if (enabled && type.keyRequired() && apiKey == null && entra == null && !entraProperties.declared()
        && !SecretBox.isSealed(p.getApiKey())) {
      problems.add(prefix + "api-key: missing (expected: the provider's API key, e.g. ${" + id.toUpperCase(Locale.ROOT)
          .replace('-', '_') + "_API_KEY}; or set " + prefix + "enabled: auto to switch it off when no key is set)");
    }
    if (problems.size() > before || baseUri == null) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    p.getHeaders().forEach((name, value) -> headers.put(name,
        reveal(secrets, prefix + "headers." + name, value, problems)));
    if (problems.size() > before) {
      return null;
    }
    return new Provider(id, type, baseUri, apiKey, Map.copyOf(headers), p.getConnectTimeout(),
        p.getResponseTimeout(), List.copyOf(p.getModels()), p.getDefaultMaxTokens(), p.getAnthropicVersion(),
        p.getApiVersion(),
        p.getStreamOptions() != null ? p.getStreamOptions() : type.streamOptions(), aws, vertex, entra, enabled);
  }

  /**
   * The value itself, or, for an envelope ({@code enc:v1:…}), its plaintext opened with the record id
   * {@code property}; a failure is a problem naming the property and the key id, never the value.
   */
  private static @Nullable String reveal(SecretBox secrets, String property, @Nullable String value,
      List<String> problems) {
    if (!SecretBox.isSealed(value)) {
      return value;
    }
    try {
      return secrets.open(property, value);
    } catch (SecretException e) {
      problems.add(e.getMessage() + " (expected: the master key in ai.secrets.master-keys or "
          + "ai.secrets.master-key-file)");
      return null;
    }
  }

  private static @Nullable URI parseBaseUrl(String prefix, String url, List<String> problems) {
    try {
      URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        problems.add(prefix + "base-url: '" + url + "' (expected: an absolute http or https URL)");
        return null;
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        problems.add(prefix + "base-url: '" + url + "' (expected: no query or fragment)");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(prefix + "base-url: '" + url + "' (expected: a valid URL)");
      return null;
    }
  }

  /** The configured value, else the first environment variable that is set. */
  private static @Nullable String firstOf(UnaryOperator<@Nullable String> environment, @Nullable String configured,
      String... variables) {
    String value = blankToNull(configured);
    for (int i = 0; value == null && i < variables.length; i++) {
      value = blankToNull(environment.apply(variables[i]));
    }
    return value;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
