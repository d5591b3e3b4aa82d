package io.switchboard.ai.provider;

import io.switchboard.ai.provider.vertex.ServiceAccount;
import io.switchboard.ai.provider.vertex.VertexPaths;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates the settings of a {@code vertex} provider: project, region, token URL and the service-account
 * key ({@code credentials-json}, else {@code credentials-file}, else the file {@value #CREDENTIALS_VARIABLE} names).
 * Problems are reported as {@code property: value (expected: …)}; no message ever contains the key or its JSON,
 * only the path of a key file.
 */
final class VertexConfiguration {

  /** The region used when none is configured. */
  static final String DEFAULT_REGION = "us-central1";

  /** The standard environment variable of Google's client libraries naming a key file. */
  static final String CREDENTIALS_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";

  /** Key files are about 2 KB; anything much larger is not one (and is not read whole into memory). */
  private static final long MAX_KEY_FILE_BYTES = 64 * 1024;

  /**
   * What the settings amount to.
   *
   * @param settings the provider's Vertex settings; {@code null} when it is off or a setting is invalid
   * @param enabled whether the provider is on ({@code auto}: whether credentials were found)
   * @param regionalBaseUrl the region's endpoint, the default base URL; {@code null} when the region is invalid
   */
  record Result(Provider.@Nullable VertexSettings settings, boolean enabled, @Nullable String regionalBaseUrl) {
  }

  /** Where the key came from: the property to name in problems, and the key's JSON (null when unreadable). */
  private record Source(String property, @Nullable String json) {
  }

  private VertexConfiguration() {
  }

  /**
   * @param prefix {@code ai.providers.<id>.}
   * @param enabled whether {@code enabled} is {@code true} or {@code auto}
   * @param auto whether {@code enabled} is {@code auto}
   * @param environment looks up environment variables
   */
  static Result read(String prefix, AiProperties.ProviderProperties p, boolean enabled, boolean auto,
      UnaryOperator<@Nullable String> environment, List<String> problems) {
    String region = blankToNull(p.getRegion());
    if (region == null) {
      region = DEFAULT_REGION;
    }
    String regionalBaseUrl = null;
    try {
      regionalBaseUrl = VertexPaths.baseUrl(region);
    } catch (IllegalArgumentException e) {
      problems.add(prefix + "region: '" + region + "' (expected: a Google Cloud region such as us-central1 or "
          + "europe-west4, or global)");
    }
    if (blankToNull(p.getApiKey()) != null) {
      problems.add(prefix + "api-key: set (expected: none; vertex authenticates with a service account: "
          + "credentials-file, credentials-json or " + CREDENTIALS_VARIABLE + ")");
    }
    if (!enabled) {
      // Explicitly off: credentials are not even read, so a stray GOOGLE_APPLICATION_CREDENTIALS cannot stop startup.
      return new Result(null, false, regionalBaseUrl);
    }
    int before = problems.size();
    Source source = locate(prefix, p, environment, problems);
    if (source == null) {
      if (auto) {
        return new Result(null, false, regionalBaseUrl);
      }
      problems.add(prefix + "credentials-file: missing (expected: the path of a service-account JSON key, the key "
          + "itself in credentials-json, " + CREDENTIALS_VARIABLE + " set, or " + prefix + "enabled: auto to switch "
          + "the provider off when no credentials are found)");
      return new Result(null, true, regionalBaseUrl);
    }
    ServiceAccount account = null;
    if (source.json() != null) {
      try {
        account = ServiceAccount.parse(source.json());
      } catch (IllegalArgumentException e) {
        // ServiceAccount's messages name the faulty field, never its value.
        problems.add(source.property() + " (expected: a service-account JSON key; " + e.getMessage() + ")");
      }
    }
    String project = blankToNull(p.getProject());
    if (project == null) {
      problems.add(prefix + "project: missing (expected: the id of the Google Cloud project that serves Vertex AI)");
    }
    String tokenUrl = blankToNull(p.getTokenUrl());
    if (tokenUrl != null && !isHttpUrl(tokenUrl)) {
      problems.add(prefix + "token-url: '" + tokenUrl + "' (expected: an absolute http or https URL)");
    }
    if (problems.size() > before || account == null || project == null || regionalBaseUrl == null) {
      return new Result(null, true, regionalBaseUrl);
    }
    if (tokenUrl != null) {
      // The token URL is also the assertion's audience, so it replaces the key file's token_uri everywhere.
      account = new ServiceAccount(account.clientEmail(), account.privateKeyId(), account.privateKey(), tokenUrl,
          account.projectId());
    }
    return new Result(new Provider.VertexSettings(project, region, account), true, regionalBaseUrl);
  }

  /** The configured key, or {@code null} when none is configured anywhere. */
  private static @Nullable Source locate(String prefix, AiProperties.ProviderProperties p,
      UnaryOperator<@Nullable String> environment, List<String> problems) {
    String json = blankToNull(p.getCredentialsJson());
    String file = blankToNull(p.getCredentialsFile());
    if (json != null && file != null) {
      problems.add(prefix + "credentials-json/credentials-file: both set (expected: one of them)");
      return new Source(prefix + "credentials-json: set", null);
    }
    if (json != null) {
      return new Source(prefix + "credentials-json: invalid", json);
    }
    String property = prefix + "credentials-file";
    if (file == null) {
      file = blankToNull(environment.apply(CREDENTIALS_VARIABLE));
      property += " (from " + CREDENTIALS_VARIABLE + ")";
    }
    if (file == null) {
      return null;
    }
    property += ": '" + file + "'";
    try {
      Path path = Path.of(file);
      if (Files.size(path) > MAX_KEY_FILE_BYTES) {
        problems.add(property + " (expected: a service-account JSON key file; this one is larger than "
            + MAX_KEY_FILE_BYTES / 1024 + " KB)");
        return new Source(property, null);
      }
      return new Source(property, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException | InvalidPathException | SecurityException e) {
      problems.add(property + " (expected: a readable service-account JSON key file; "
          + e.getClass().getSimpleName() + ")");
      return new Source(property, null);
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
