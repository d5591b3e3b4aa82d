package io.switchboard.ai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.AiProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ai.catalog}: the operator's catalog files and LiteLLM price files over the bundled catalog, in order. */
final class CatalogsTest {

  private static final String OWN = """
      {"version": "local", "models": [
        {"provider": "openai", "id": "my-finetune", "aliases": [], "mode": "chat", "context_window": 1000,
         "max_output_tokens": 100, "input_per_mtok": 7, "output_per_mtok": 9, "cache_read_per_mtok": null,
         "cache_write_per_mtok": null, "reasoning_per_mtok": null, "capabilities": ["tools"]},
        {"provider": "openai", "id": "gpt-4o", "aliases": [], "mode": "chat", "context_window": 128000,
         "max_output_tokens": 16384, "input_per_mtok": 2.0, "output_per_mtok": 8, "cache_read_per_mtok": null,
         "cache_write_per_mtok": null, "reasoning_per_mtok": null, "capabilities": ["tools"]}]}""";

  private static final String LITELLM = """
      {"sample_spec": {"max_tokens": 0},
       "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                  "input_cost_per_token": 1.5e-06, "output_cost_per_token": 6e-06},
       "house-model": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 8000,
                       "max_output_tokens": 1000, "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07}}""";

  @Test
  void ownFilesThenLiteLlmFilesOverrideAndExtendTheBundledCatalog(@TempDir Path dir) throws IOException {
    AiProperties.Catalog settings = new AiProperties.Catalog();
    settings.setFiles(List.of(Files.writeString(dir.resolve("own.json"), OWN).toString()));
    settings.setLitellmFiles(List.of(Files.writeString(dir.resolve("litellm.json"), LITELLM).toString()));

    ModelCatalog catalog = Catalogs.load(settings);

    assertThat(catalog.find("openai", "my-finetune").orElseThrow().inputPerMtok()).isEqualByComparingTo("7");
    assertThat(catalog.find("openai", "house-model").orElseThrow().outputPerMtok()).isEqualByComparingTo("0.2");
    assertThat(catalog.find("openai", "gpt-4o").orElseThrow().inputPerMtok()).as("LiteLLM files come last")
        .isEqualByComparingTo("1.5");
    assertThat(catalog.size()).isEqualTo(ModelCatalog.bundled().size() + 2);
  }

  @Test
  void unreadableFilesStopStartupNamingTheProperty(@TempDir Path dir) throws IOException {
    AiProperties.Catalog missing = new AiProperties.Catalog();
    missing.setFiles(List.of(dir.resolve("nope.json").toString()));
    assertThatThrownBy(() -> Catalogs.load(missing)).hasMessageContaining("Invalid Switchboard configuration");

    AiProperties.Catalog broken = new AiProperties.Catalog();
    broken.setLitellmFiles(List.of(Files.writeString(dir.resolve("broken.json"), "[1,2").toString()));
    assertThatThrownBy(() -> Catalogs.load(broken))
        .satisfies(e -> assertThat(e.toString() + e.getMessage() + String.valueOf(
            ((io.switchboard.ai.provider.InvalidConfigurationException) e).problems()))
            .contains("ai.catalog.litellm-files[0]"));
  }
}
