package io.switchboard.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.provider.vertex.VertexTestKeys;
import io.switchboard.ai.request.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code vertex} provider type's settings, as {@link ProviderRegistry} validates them. */
final class VertexProviderConfigurationTest {

  private static final String KEY_JSON = VertexTestKeys.serviceAccountJson().toString();
  /** A fragment of the private key's base64: it must never appear in a message. */
  private static final String KEY_FRAGMENT = VertexTestKeys.pem().split("\n")[2];

  @TempDir
  Path dir;

  private final AiProperties properties = new AiProperties();
  private Map<String, String> environment = Map.of();

  private AiProperties.ProviderProperties vertex(String id) {
    AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
    p.setType("vertex");
    p.setProject("my-project");
    properties.getProviders().put(id, p);
    return p;
  }

  private ProviderRegistry registry() {
    return new ProviderRegistry(properties, environment::get);
  }

  @Test
  void inlineKeyWithDefaults() {
    vertex("v").setCredentialsJson(KEY_JSON);

    Provider provider = registry().find("v");

    assertThat(provider.enabled()).isTrue();
    assertThat(provider.baseUri()).hasToString("https://us-central1-aiplatform.googleapis.com");
    assertThat(provider.vertex().project()).isEqualTo("my-project");
    assertThat(provider.vertex().region()).isEqualTo("us-central1");
    assertThat(provider.vertex().serviceAccount().clientEmail())
        .isEqualTo("gateway@my-project.iam.gserviceaccount.com");
    assertThat(provider.vertex().serviceAccount().tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(provider.toString() + provider.vertex()).doesNotContain(KEY_FRAGMENT).doesNotContain("PRIVATE KEY");
  }

  @Test
  void keyFileRegionBaseUrlAndTokenUrl() throws Exception {
    Path key = Files.writeString(dir.resolve("key.json"), KEY_JSON);
    AiProperties.ProviderProperties p = vertex("v");
    p.setCredentialsFile(key.toString());
    p.setRegion("global");
    p.setTokenUrl("http://127.0.0.1:9/token");
    AiProperties.ProviderProperties regional = vertex("eu");
    regional.setCredentialsFile(key.toString());
    regional.setRegion("europe-west4");
    AiProperties.ProviderProperties fake = vertex("fake");
    fake.setCredentialsFile(key.toString());
    fake.setBaseUrl("http://127.0.0.1:9/");

    ProviderRegistry registry = registry();

    assertThat(registry.find("v").baseUri()).hasToString("https://aiplatform.googleapis.com");
    assertThat(registry.find("v").vertex().serviceAccount().tokenUri()).isEqualTo("http://127.0.0.1:9/token");
    assertThat(registry.find("eu").baseUri()).hasToString("https://europe-west4-aiplatform.googleapis.com");
    assertThat(registry.find("fake").baseUri()).hasToString("http://127.0.0.1:9");
  }

  @Test
  void fallsBackToGoogleApplicationCredentials() throws Exception {
    Path key = Files.writeString(dir.resolve("adc.json"), KEY_JSON);
    environment = Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
    vertex("v").setEnabled("auto");

    assertThat(registry().find("v").enabled()).isTrue();
  }

  @Test
  void autoIsOffWithoutCredentialsAndOnWithThem() {
    vertex("off").setEnabled("auto");
    AiProperties.ProviderProperties on = vertex("on");
    on.setEnabled("auto");
    on.setCredentialsJson(KEY_JSON);
    AiProperties.ProviderProperties off = vertex("unset");
    off.setEnabled("false");
    off.setProject(null);

    ProviderRegistry registry = registry();

    assertThat(registry.find("off").enabled()).isFalse();
    assertThat(registry.find("off").vertex()).isNull();
    assertThat(registry.find("on").enabled()).isTrue();
    assertThat(registry.find("unset").enabled()).isFalse();
  }

  @Test
  void dialectFollowsTheModelsPublisher() {
    vertex("v").setCredentialsJson(KEY_JSON);
    Provider provider = registry().find("v");

    assertThat(provider.dialect("claude-sonnet-4-5@20250929")).isEqualTo(Dialect.ANTHROPIC);
    assertThat(provider.dialect("gemini-2.5-pro")).isEqualTo(Dialect.GEMINI);
  }

  @Test
  void everyProblemIsNamedWithoutTheKey() throws Exception {
    vertex("nocreds");
    AiProperties.ProviderProperties noProject = vertex("noproject");
    noProject.setProject(" ");
    noProject.setCredentialsJson(KEY_JSON);
    AiProperties.ProviderProperties region = vertex("region");
    region.setCredentialsJson(KEY_JSON);
    region.setRegion("US_CENTRAL1");
    AiProperties.ProviderProperties broken = vertex("broken");
    broken.setCredentialsJson(KEY_JSON.replace("\"client_email\"", "\"email\""));
    AiProperties.ProviderProperties missing = vertex("missing");
    missing.setCredentialsFile(dir.resolve("absent.json").toString());
    AiProperties.ProviderProperties both = vertex("both");
    both.setCredentialsJson(KEY_JSON);
    both.setCredentialsFile(Files.writeString(dir.resolve("k.json"), KEY_JSON).toString());
    AiProperties.ProviderProperties key = vertex("key");
    key.setCredentialsJson(KEY_JSON);
    key.setApiKey("AIza-not-for-vertex");
    AiProperties.ProviderProperties token = vertex("token");
    token.setCredentialsJson(KEY_JSON);
    token.setTokenUrl("oauth2.googleapis.com/token");
    assertThatThrownBy(this::registry)
        .hasMessageContaining("ai.providers.nocreds.credentials-file: missing (expected: ")
        .hasMessageContaining("ai.providers.noproject.project: missing (expected: ")
        .hasMessageContaining("ai.providers.region.region: 'US_CENTRAL1' (expected: a Google Cloud region")
        .hasMessageContaining("ai.providers.broken.credentials-json: invalid (expected: a service-account JSON key; "
            + "Service account field 'client_email' is missing)")
        .hasMessageContaining("ai.providers.missing.credentials-file: '" + dir.resolve("absent.json")
            + "' (expected: a readable service-account JSON key file; NoSuchFileException)")
        .hasMessageContaining("ai.providers.both.credentials-json/credentials-file: both set (expected: one of them)")
        .hasMessageContaining("ai.providers.key.api-key: set (expected: none; ")
        .hasMessageContaining("ai.providers.token.token-url: 'oauth2.googleapis.com/token' (expected: an absolute")
        .message().doesNotContain(KEY_FRAGMENT).doesNotContain("PRIVATE KEY").doesNotContain("AIza-not-for-vertex")
        .doesNotContain(".base-url");
  }

  @Test
  void unusableGoogleApplicationCredentialsAreNamedEvenWithAuto() throws Exception {
    Path adc = Files.writeString(dir.resolve("user.json"),
        "{\"type\": \"authorized_user\", \"refresh_token\": \"1//secret-refresh\"}");
    environment = Map.of("GOOGLE_APPLICATION_CREDENTIALS", adc.toString());
    vertex("adc").setEnabled("auto");

    assertThatThrownBy(this::registry)
        .hasMessageContaining("ai.providers.adc.credentials-file (from GOOGLE_APPLICATION_CREDENTIALS): '" + adc
            + "' (expected: a service-account JSON key; Service account field 'type' must be \"service_account\")")
        .message().doesNotContain("secret-refresh");
  }
}
