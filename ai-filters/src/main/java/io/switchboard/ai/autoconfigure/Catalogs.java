package io.switchboard.ai.autoconfigure;

import io.switchboard.ai.catalog.LiteLlmPrices;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds the model catalog from the bundled prices and the operator's files under {@code ai.catalog}. */
final class Catalogs {

  private Catalogs() {
  }

  static ModelCatalog load(AiProperties.Catalog settings) {
    ModelCatalog catalog;
    try {
      catalog = ModelCatalog.load(settings.getFiles().stream().map(Path::of).toList());
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException("Invalid Switchboard configuration",
          List.of("ai.catalog.files: " + settings.getFiles() + " (" + e.getMessage() + ")"));
    }
    List<String> litellm = settings.getLitellmFiles();
    for (int i = 0; i < litellm.size(); i++) {
      try {
        String json = Files.readString(Path.of(litellm.get(i)), StandardCharsets.UTF_8);
        catalog = catalog.withOverrides(LiteLlmPrices.parse(json));
      } catch (IOException | RuntimeException e) {
        throw new InvalidConfigurationException("Invalid Switchboard configuration", List.of(
            "ai.catalog.litellm-files[" + i + "]: '" + litellm.get(i) + "' (expected: a readable file in LiteLLM's "
                + "model_prices_and_context_window.json format; " + e.getMessage() + ")"));
      }
    }
    return catalog;
  }
}
