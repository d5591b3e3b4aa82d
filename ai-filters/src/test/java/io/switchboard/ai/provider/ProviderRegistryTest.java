package io.switchboard.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ProviderRegistryTest {

  @Test
  void presetsGetTheirDefaultBaseUrls() {
    AiProperties properties = new AiProperties();
    add(properties, "openai", "openai", "sk-test-openai");
    add(properties, "claude", "anthropic", "sk-ant");
    add(properties, "g", "gemini", "AIza-test");
    add(properties, "studio", "LM_Studio", null);
    add(properties, "cpp", "llama.cpp", null);
    add(properties, "px", "perplexity", "pplx");
    ProviderRegistry registry = new ProviderRegistry(properties);
    assertThat(registry.find("openai").baseUri()).hasToString("https://api.openai.com/v1");
    assertThat(registry.find("claude").baseUri()).hasToString("https://api.anthropic.com");
    assertThat(registry.find("g").baseUri()).hasToString("https://generativelanguage.googleapis.com");
    assertThat(registry.find("studio").type()).isEqualTo(ProviderType.LM_STUDIO);
    assertThat(registry.find("studio").baseUri()).hasToString("http://localhost:1234/v1");
    assertThat(registry.find("cpp").type()).isEqualTo(ProviderType.LLAMA_CPP);
    assertThat(registry.find("px").baseUri()).hasToString("https://api.perplexity.ai");
    assertThat(registry.find("nope")).isNull();
  }

  @Test
  void trailingSlashIsDroppedAndKeyNeverPrinted() {
    AiProperties properties = new AiProperties();
    AiProperties.ProviderProperties p = add(properties, "local", "vllm", "secret-key-123");
    p.setBaseUrl("http://127.0.0.1:9000/v1/");
    Provider provider = new ProviderRegistry(properties).find("local");
    assertThat(provider.baseUri()).hasToString("http://127.0.0.1:9000/v1");
    assertThat(provider.toString()).doesNotContain("secret-key-123");
  }

  @Test
  void everyProblemIsReportedWithItsProperty() {
    AiProperties properties = new AiProperties();
    add(properties, "a", "opnai", "k");
    add(properties, "b", null, "k");
    add(properties, "c", "openai", null);
    add(properties, "d", "openai-compatible", null);
    add(properties, "e", "openai", "k").setBaseUrl("ftp://x");
    add(properties, "f", "groq", "k").setEnabled("maybe");
    assertThatThrownBy(() -> new ProviderRegistry(properties))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ai.providers.a.type: 'opnai' (expected one of: openai, anthropic, gemini")
        .hasMessageContaining("ai.providers.b.type: missing")
        .hasMessageContaining("ai.providers.c.api-key: missing")
        .hasMessageContaining("ai.providers.d.base-url: missing")
        .hasMessageContaining("ai.providers.e.base-url: 'ftp://x' (expected: an absolute http or https URL)")
        .hasMessageContaining("ai.providers.f.enabled: 'maybe' (expected: true, false or auto)");
  }

  @Test
  void autoEnablementFollowsTheKey() {
    AiProperties properties = new AiProperties();
    add(properties, "on", "openai", "sk-x").setEnabled("auto");
    add(properties, "off", "anthropic", "").setEnabled("auto");
    ProviderRegistry registry = new ProviderRegistry(properties);
    assertThat(registry.find("on").enabled()).isTrue();
    assertThat(registry.find("off").enabled()).isFalse();
  }

  @Test
  void azureTakesAnEntraClientCredentialsGrantInsteadOfAKey() {
    AiProperties properties = new AiProperties();
    AiProperties.ProviderProperties p = add(properties, "az", "azure", null);
    p.setBaseUrl("https://res.openai.azure.com/openai");
    p.getEntra().setTenantId("contoso.onmicrosoft.com");
    p.getEntra().setClientId("app-id");
    p.getEntra().setClientSecret("client-secret-value");
    AiProperties.ProviderProperties fixed = add(properties, "fixed", "azure", null);
    fixed.setBaseUrl("https://res.openai.azure.com/openai");
    fixed.getEntra().setToken("eyJ.fixed-token");
    fixed.setEnabled("auto");

    ProviderRegistry registry = new ProviderRegistry(properties);
    Provider.AzureEntra entra = registry.find("az").entra();
    assertThat(entra.clientCredentials()).isTrue();
    assertThat(entra.tokenUrl()).isEqualTo("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
    assertThat(entra.scope()).isEqualTo("https://cognitiveservices.azure.com/.default");
    assertThat(registry.find("az").toString() + entra).doesNotContain("client-secret-value");
    assertThat(registry.find("fixed").enabled()).isTrue();
    assertThat(registry.find("fixed").entra().token()).isEqualTo("eyJ.fixed-token");
    assertThat(registry.find("fixed").entra().toString()).doesNotContain("eyJ");

    AiProperties unset = new AiProperties();
    AiProperties.ProviderProperties off = add(unset, "off", "azure", "");
    off.setBaseUrl("https://res.openai.azure.com/openai");
    off.setEnabled("auto");
    off.getEntra().setTenantId("contoso.onmicrosoft.com");
    off.getEntra().setClientId("app-id");
    off.getEntra().setClientSecret("");
    AiProperties.ProviderProperties noToken = add(unset, "no-token", "azure", null);
    noToken.setBaseUrl("https://res.openai.azure.com/openai");
    noToken.setEnabled("auto");
    noToken.getEntra().setToken("");
    ProviderRegistry unsetRegistry = new ProviderRegistry(unset);
    assertThat(unsetRegistry.find("off").enabled()).as("auto without its secret is off").isFalse();
    assertThat(unsetRegistry.find("no-token").enabled()).isFalse();
  }

  @Test
  void entraProblemsAreNamedWithoutTheirSecrets() {
    AiProperties properties = new AiProperties();
    AiProperties.ProviderProperties both = add(properties, "both", "azure", "azure-key");
    both.setBaseUrl("https://res.openai.azure.com/openai");
    both.getEntra().setToken("eyJ.secret-token");
    both.getEntra().setClientId("app");
    AiProperties.ProviderProperties half = add(properties, "half", "azure", null);
    half.setBaseUrl("https://res.openai.azure.com/openai");
    half.getEntra().setClientSecret("half-secret");
    half.getEntra().setTenantId("bad/tenant");
    AiProperties.ProviderProperties url = add(properties, "url", "azure", null);
    url.setBaseUrl("https://res.openai.azure.com/openai");
    url.getEntra().setClientId("app");
    url.getEntra().setClientSecret("url-secret");
    url.getEntra().setTokenUrl("ftp://login/token");
    add(properties, "oai", "openai", "sk-x").getEntra().setToken("eyJ.other");
    AiProperties.ProviderProperties empty = add(properties, "empty", "azure", null);
    empty.setBaseUrl("https://res.openai.azure.com/openai");
    empty.getEntra().setToken(" ");
    assertThatThrownBy(() -> new ProviderRegistry(properties))
        .hasMessageContaining("ai.providers.both.entra.token: set together with the client-credentials properties")
        .hasMessageContaining("ai.providers.both.api-key: set together with ai.providers.both.entra")
        .hasMessageContaining("ai.providers.half.entra.client-id: missing")
        .hasMessageContaining("ai.providers.half.entra.tenant-id: 'bad/tenant'")
        .hasMessageContaining("ai.providers.url.entra.token-url: 'ftp://login/token'")
        .hasMessageContaining("ai.providers.oai.entra.*: set for type openai (expected: only for type azure)")
        .hasMessageContaining("ai.providers.empty.entra.token: empty")
        .hasMessageNotContaining("secret-token").hasMessageNotContaining("half-secret")
        .hasMessageNotContaining("url-secret").hasMessageNotContaining("api-key: missing");
  }

  @Test
  void bedrockTakesItsCredentialsFromTheStandardAwsVariablesUnlessConfigured() {
    java.util.Map<String, String> environment = java.util.Map.of("AWS_ACCESS_KEY_ID", "ASIAENV",
        "AWS_SECRET_ACCESS_KEY", "env-secret", "AWS_SESSION_TOKEN", "env-session", "AWS_DEFAULT_REGION", "eu-west-3");
    AiProperties properties = new AiProperties();
    add(properties, "env", "bedrock", null);
    AiProperties.ProviderProperties configured = add(properties, "configured", "bedrock", null);
    configured.setAwsAccessKeyId("AKIACONFIG");
    configured.setAwsSecretAccessKey("config-secret");
    configured.setRegion("us-west-2");

    ProviderRegistry registry = new ProviderRegistry(properties, environment::get);

    Provider.AwsSigning env = registry.find("env").aws();
    assertThat(env).isEqualTo(new Provider.AwsSigning("eu-west-3", "ASIAENV", "env-secret", "env-session"));
    assertThat(registry.find("env").baseUri()).hasToString("https://bedrock-runtime.eu-west-3.amazonaws.com");
    assertThat(env.toString()).doesNotContain("env-secret").doesNotContain("env-session");
    Provider.AwsSigning own = registry.find("configured").aws();
    assertThat(own.accessKeyId()).isEqualTo("AKIACONFIG");
    assertThat(own.secretAccessKey()).isEqualTo("config-secret");
    assertThat(own.region()).isEqualTo("us-west-2");
    // A session token is only valid with the key it was issued for: the environment's is not mixed in.
    assertThat(own.sessionToken()).isNull();

    AiProperties none = new AiProperties();
    add(none, "off", "bedrock", null).setEnabled("auto");
    assertThat(new ProviderRegistry(none, java.util.Map.of("AWS_REGION", "us-east-1")::get).find("off").enabled())
        .isFalse();
  }

  private static AiProperties.ProviderProperties add(AiProperties properties, String id, String type, String key) {
    AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
    p.setType(type);
    p.setApiKey(key);
    properties.getProviders().put(id, p);
    return p;
  }
}
