package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelCatalogTest {

  private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "gemini", "mistral", "groq", "deepseek",
      "xai", "cohere", "together", "fireworks", "cerebras", "perplexity", "bedrock", "vertex", "azure", "openrouter");

  private final ModelCatalog catalog = ModelCatalog.bundled();

  @Test
  void bundledCatalogLoadsWithAtLeast300Models() {
    assertThat(catalog.version()).isEqualTo("2026-11-24");
    assertThat(catalog.size()).isGreaterThanOrEqualTo(300);
    assertThat(catalog.entries()).extracting(CatalogEntry::provider).containsAll(PROVIDERS);
  }

  @Test
  void everyEntryIsValid() {
    Set<String> keys = new HashSet<>();
    for (CatalogEntry e : catalog.entries()) {
      assertThat(PROVIDERS).as(e.id()).contains(e.provider());
      assertThat(keys.add(e.provider() + "/" + e.id())).as("duplicate %s/%s", e.provider(), e.id()).isTrue();
      assertThat(e.id()).isNotBlank();
      assertThat(e.contextWindow()).as(e.id()).isPositive();
      assertThat(e.inputPerMtok().signum()).as(e.id()).isPositive();
      assertThat(e.outputPerMtok().signum()).as(e.id()).isNotNegative();
      if (e.mode() == CatalogEntry.Mode.CHAT) {
        assertThat(e.maxOutputTokens()).as(e.id()).isPositive().isLessThanOrEqualTo(e.contextWindow());
        assertThat(e.outputPerMtok().signum()).as(e.id()).isPositive();
      } else {
        assertThat(e.capabilities()).as(e.id()).containsExactly(CatalogEntry.Capability.EMBEDDINGS);
      }
      if (e.cacheReadPerMtok() != null) {
        assertThat(e.cacheReadPerMtok()).as(e.id()).isLessThan(e.inputPerMtok());
      }
      if (e.cacheWritePerMtok() != null) {
        assertThat(e.cacheWritePerMtok()).as(e.id()).isGreaterThanOrEqualTo(e.inputPerMtok());
      }
      for (String alias : e.aliases()) {
        assertThat(catalog.find(e.provider(), alias)).as("alias %s", alias).contains(e);
      }
    }
  }

  @Test
  void exactIdAndAliasLookup() {
    assertThat(catalog.find("openai", "gpt-4o")).get().extracting(CatalogEntry::id).isEqualTo("gpt-4o");
    assertThat(catalog.find("OpenAI", "GPT-4o")).get().extracting(CatalogEntry::id).isEqualTo("gpt-4o");
    assertThat(catalog.find("mistral", "mistral-large-latest")).get().extracting(CatalogEntry::id)
        .isEqualTo("mistral-large-2411");
    assertThat(catalog.find("xai", "grok-4")).get().extracting(CatalogEntry::id).isEqualTo("grok-4-0709");
    assertThat(catalog.find("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")).get()
        .extracting(CatalogEntry::id).isEqualTo("anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  @Test
  void dateSuffixFallsBackToTheUndatedFamily() {
    assertThat(catalog.find("openai", "gpt-4o-2024-08-06")).get().extracting(CatalogEntry::id).isEqualTo("gpt-4o");
    assertThat(catalog.find("openai", "gpt-4o-mini-2099-01-31")).get().extracting(CatalogEntry::id)
        .isEqualTo("gpt-4o-mini");
    assertThat(catalog.find("anthropic", "claude-sonnet-4-5-20250929")).get().extracting(CatalogEntry::id)
        .isEqualTo("claude-sonnet-4-5");
    assertThat(catalog.find("anthropic", "claude-haiku-4-5-20991231")).get().extracting(CatalogEntry::id)
        .isEqualTo("claude-haiku-4-5");
    assertThat(catalog.find("vertex", "claude-sonnet-4-5@20991231")).get().extracting(CatalogEntry::id)
        .isEqualTo("claude-sonnet-4-5@20250929");
    assertThat(catalog.find("openai", "gpt-4-0314")).get().extracting(CatalogEntry::id).isEqualTo("gpt-4");
  }

  @Test
  void anExactSnapshotEntryWinsOverItsFamily() {
    CatalogEntry old = catalog.find("openai", "gpt-4o-2024-05-13").orElseThrow();
    assertThat(old.id()).isEqualTo("gpt-4o-2024-05-13");
    assertThat(old.inputPerMtok()).isEqualByComparingTo("5");
  }

  @Test
  void unknownModelsAndProvidersAreEmpty() {
    assertThat(catalog.find("openai", "no-such-model")).isEmpty();
    assertThat(catalog.find("nobody", "gpt-4o")).isEmpty();
    assertThat(catalog.find("openai", "2024-08-06")).isEmpty();
  }

  @Test
  void bareModelLookupAcrossProvidersPrefersFirstParty() {
    assertThat(catalog.findByModel("gpt-4o")).get().extracting(CatalogEntry::provider).isEqualTo("openai");
    assertThat(catalog.findByModel("claude-sonnet-4-5-20250929")).get().extracting(CatalogEntry::provider)
        .isEqualTo("anthropic");
    assertThat(catalog.findByModel("meta-llama/Llama-3.3-70B-Instruct-Turbo")).get().extracting(CatalogEntry::provider)
        .isEqualTo("together");
    assertThat(catalog.findByModel("anthropic/claude-sonnet-4.5")).get().extracting(CatalogEntry::provider)
        .isEqualTo("openrouter");
    assertThat(catalog.findByModel("deepseek-chat")).get().extracting(CatalogEntry::provider).isEqualTo("deepseek");
  }

  @Test
  void missingFieldIsRejectedNamingIndexAndField() {
    String json = """
        {"version": "t", "models": [%s, {"provider": "openai", "id": "x", "aliases": [], "mode": "chat",
          "context_window": 10, "max_output_tokens": 5, "output_per_mtok": 1, "cache_read_per_mtok": null,
          "cache_write_per_mtok": null, "reasoning_per_mtok": null, "capabilities": []}]}
        """.formatted(valid("ok", "1"));
    assertThatThrownBy(() -> ModelCatalog.parse(json, "test.json")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test.json").hasMessageContaining("models[1]").hasMessageContaining("input_per_mtok")
        .hasMessageContaining("missing");
  }

  @Test
  void negativePriceIsRejectedNamingIndexAndField() {
    String json = "{\"version\": \"t\", \"models\": [" + valid("ok", "1") + "," + valid("bad", "-0.5") + "]}";
    assertThatThrownBy(() -> ModelCatalog.parse(json, "test.json")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("models[1]").hasMessageContaining("openai/bad")
        .hasMessageContaining("input_per_mtok").hasMessageContaining("negative");
  }

  @Test
  void badModeAndCapabilityAreRejected() {
    assertThatThrownBy(() -> ModelCatalog.parse(
        "{\"version\": \"t\", \"models\": [" + valid("a", "1").replace("\"chat\"", "\"image\"") + "]}", "t"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("models[0]").hasMessageContaining("mode");
    assertThatThrownBy(() -> ModelCatalog.parse(
        "{\"version\": \"t\", \"models\": [" + valid("a", "1").replace("\"tools\"", "\"telepathy\"") + "]}", "t"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("capabilities");
    assertThatThrownBy(() -> ModelCatalog.parse("{\"models\": []}", "t"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("version");
  }

  @Test
  void overrideFilesReplaceAndAddEntries(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"version\": \"local\", \"models\": [" + valid("gpt-4o", "2.0") + ","
        + valid("my-finetune", "7") + "]}");
    ModelCatalog merged = ModelCatalog.load(List.of(file));
    assertThat(merged.find("openai", "gpt-4o").orElseThrow().inputPerMtok()).isEqualByComparingTo("2.0");
    assertThat(merged.find("openai", "my-finetune")).isPresent();
    assertThat(merged.size()).isEqualTo(catalog.size() + 1);
    assertThat(catalog.find("openai", "gpt-4o").orElseThrow().inputPerMtok()).isEqualByComparingTo("2.5");
  }

  private static String valid(String id, String input) {
    return """
        {"provider": "openai", "id": "%s", "aliases": [], "mode": "chat", "context_window": 1000,
         "max_output_tokens": 100, "input_per_mtok": %s, "output_per_mtok": 4, "cache_read_per_mtok": null,
         "cache_write_per_mtok": null, "reasoning_per_mtok": null, "capabilities": ["tools"]}""".formatted(id, input);
  }

}
