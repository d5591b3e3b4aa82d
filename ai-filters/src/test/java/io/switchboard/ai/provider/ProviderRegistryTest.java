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

  private static AiProperties.ProviderProperties add(AiProperties properties, String id, String type, String key) {
    AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
    p.setType(type);
    p.setApiKey(key);
    properties.getProviders().put(id, p);
    return p;
  }
}
