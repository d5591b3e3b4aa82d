package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.catalog.CatalogEntry.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LiteLlmPricesTest {

  private static List<CatalogEntry> sample() throws IOException {
    try (InputStream in = LiteLlmPricesTest.class.getResourceAsStream("litellm-sample.json")) {
      return LiteLlmPrices.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static CatalogEntry entry(List<CatalogEntry> entries, String provider, String id) {
    return entries.stream().filter(e -> e.provider().equals(provider) && e.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void skipsSampleSpecAndUnpricedOrNonChatEntries() throws IOException {
    assertThat(sample()).extracting(e -> e.provider() + "/" + e.id()).containsExactly("openai/gpt-4o",
        "anthropic/claude-sonnet-4-5-20250929", "groq/llama-3.3-70b-versatile", "perplexity/sonar-deep-research",
        "together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "vertex/claude-haiku-4-5@20251001",
        "openai/text-embedding-3-small");
  }

  @Test
  void convertsPerTokenToPerMillion() throws IOException {
    CatalogEntry gpt4o = entry(sample(), "openai", "gpt-4o");
    assertThat(gpt4o.inputPerMtok()).isEqualByComparingTo("2.5");
    assertThat(gpt4o.outputPerMtok()).isEqualByComparingTo("10");
    assertThat(gpt4o.cacheReadPerMtok()).isEqualByComparingTo("1.25");
    assertThat(gpt4o.cacheWritePerMtok()).isNull();
    assertThat(gpt4o.reasoningPerMtok()).isNull();
    assertThat(gpt4o.contextWindow()).isEqualTo(128000);
    assertThat(gpt4o.maxOutputTokens()).isEqualTo(16384);
    assertThat(gpt4o.mode()).isEqualTo(CatalogEntry.Mode.CHAT);
    assertThat(gpt4o.capabilities()).containsExactlyInAnyOrder(Capability.TOOLS, Capability.VISION,
        Capability.JSON_SCHEMA);

    CatalogEntry sonnet = entry(sample(), "anthropic", "claude-sonnet-4-5-20250929");
    assertThat(sonnet.inputPerMtok()).isEqualByComparingTo("3");
    assertThat(sonnet.outputPerMtok()).isEqualByComparingTo("15");
    assertThat(sonnet.cacheReadPerMtok()).isEqualByComparingTo("0.30");
    assertThat(sonnet.cacheWritePerMtok()).isEqualByComparingTo("3.75");
    assertThat(sonnet.capabilities()).contains(Capability.REASONING);

    CatalogEntry groq = entry(sample(), "groq", "llama-3.3-70b-versatile");
    assertThat(groq.inputPerMtok()).isEqualByComparingTo("0.59");
    assertThat(groq.outputPerMtok()).isEqualByComparingTo("0.79");

    assertThat(entry(sample(), "perplexity", "sonar-deep-research").reasoningPerMtok()).isEqualByComparingTo("3");
  }

  @Test
  void fallsBackToMaxTokensForLimits() throws IOException {
    CatalogEntry together = entry(sample(), "together", "meta-llama/Llama-3.3-70B-Instruct-Turbo");
    assertThat(together.contextWindow()).isEqualTo(131072);
    assertThat(together.maxOutputTokens()).isEqualTo(131072);
    CatalogEntry deepResearch = entry(sample(), "perplexity", "sonar-deep-research");
    assertThat(deepResearch.maxOutputTokens()).isEqualTo(128000);
  }

  @Test
  void embeddingsGetTheEmbeddingsCapability() throws IOException {
    CatalogEntry e = entry(sample(), "openai", "text-embedding-3-small");
    assertThat(e.mode()).isEqualTo(CatalogEntry.Mode.EMBEDDING);
    assertThat(e.inputPerMtok()).isEqualByComparingTo("0.02");
    assertThat(e.outputPerMtok()).isEqualByComparingTo("0");
    assertThat(e.capabilities()).containsExactly(Capability.EMBEDDINGS);
  }

  @Test
  void entriesFeedACatalogWithDateSuffixLookup() throws IOException {
    ModelCatalog catalog = ModelCatalog.of("litellm", sample());
    assertThat(catalog.find("anthropic", "claude-sonnet-4-5-20250929")).isPresent();
    assertThat(catalog.find("vertex", "claude-haiku-4-5@20251001")).isPresent();
    assertThat(ModelCatalog.bundled().withOverrides(sample()).find("groq", "llama-3.3-70b-versatile").orElseThrow()
        .contextWindow()).isEqualTo(128000);
  }

  @Test
  void mapsProviderNames() {
    assertThat(LiteLlmPrices.providerType("together_ai")).isEqualTo("together");
    assertThat(LiteLlmPrices.providerType("vertex_ai-language-models")).isEqualTo("vertex");
    assertThat(LiteLlmPrices.providerType("bedrock_converse")).isEqualTo("bedrock");
    assertThat(LiteLlmPrices.providerType("somebody")).isEqualTo("somebody");
  }

  @Test
  void rejectsMalformedDocuments() {
    assertThatThrownBy(() -> LiteLlmPrices.parse("[1]")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LiteLlmPrices.parse("{")).isInstanceOf(IllegalStateException.class);
  }
}
