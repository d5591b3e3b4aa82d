package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spot-checks bundled prices against the providers' public list prices (USD per million tokens, standard/on-demand
 * tier, prompts up to 200k tokens where prices are tiered), as published on the vendors' pricing pages in late 2025
 * (OpenAI platform pricing, Anthropic docs, Google AI Studio Gemini API pricing, Mistral, DeepSeek API docs after the
 * V3.2-Exp price change of 2025-09-29, xAI models page, Groq, Cohere, Perplexity). Empty cells mean "no separate price".
 */
final class ModelCatalogListPriceTest {

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource(nullValues = "", value = {
      // provider, model,               input, output, cache read, cache write
      "openai,    gpt-4o,                2.50,  10,     1.25,  ",
      "openai,    gpt-4o-mini,           0.15,  0.60,   0.075, ",
      "openai,    gpt-4.1,               2,     8,      0.50,  ",
      "openai,    gpt-4.1-mini,          0.40,  1.60,   0.10,  ",
      "openai,    gpt-4.1-nano,          0.10,  0.40,   0.025, ",
      "openai,    o3,                    2,     8,      0.50,  ",
      "openai,    o4-mini,               1.10,  4.40,   0.275, ",
      "openai,    o1,                    15,    60,     7.50,  ",
      "openai,    gpt-5,                 1.25,  10,     0.125, ",
      "openai,    gpt-5-mini,            0.25,  2,      0.025, ",
      "openai,    gpt-5-nano,            0.05,  0.40,   0.005, ",
      "openai,    text-embedding-3-small, 0.02, 0,      ,      ",
      "openai,    text-embedding-3-large, 0.13, 0,      ,      ",
      "anthropic, claude-sonnet-4-5,     3,     15,     0.30,  3.75",
      "anthropic, claude-haiku-4-5,      1,     5,      0.10,  1.25",
      "anthropic, claude-opus-4-1,       15,    75,     1.50,  18.75",
      "anthropic, claude-3-5-haiku,      0.80,  4,      0.08,  1",
      "anthropic, claude-3-haiku,        0.25,  1.25,   0.03,  0.30",
      "gemini,    gemini-2.5-pro,        1.25,  10,     0.125, ",
      "gemini,    gemini-2.5-flash,      0.30,  2.50,   0.03,  ",
      "gemini,    gemini-2.5-flash-lite, 0.10,  0.40,   0.01,  ",
      "gemini,    gemini-2.0-flash,      0.10,  0.40,   0.025, ",
      "deepseek,  deepseek-chat,         0.28,  0.42,   0.028, ",
      "mistral,   mistral-large-latest,  2,     6,      ,      ",
      "mistral,   mistral-small-latest,  0.10,  0.30,   ,      ",
      "mistral,   mistral-embed,         0.10,  0,      ,      ",
      "xai,       grok-4,                3,     15,     0.75,  ",
      "xai,       grok-3-mini,           0.30,  0.50,   0.075, ",
      "groq,      llama-3.3-70b-versatile, 0.59, 0.79,  ,      ",
      "groq,      llama-3.1-8b-instant,  0.05,  0.08,   ,      ",
      "cohere,    command-a-03-2025,     2.50,  10,     ,      ",
      "perplexity, sonar,                1,     1,      ,      ",
      "perplexity, sonar-pro,            3,     15,     ,      ",
      "bedrock,   anthropic.claude-sonnet-4-5-20250929-v1:0, 3, 15, 0.30, 3.75",
      "azure,     gpt-4o,                2.50,  10,     1.25,  ",
      "openrouter, anthropic/claude-sonnet-4.5, 3, 15,  0.30,  3.75",
  })
  void listPrice(String provider, String model, String input, String output, String cacheRead, String cacheWrite) {
    CatalogEntry e = ModelCatalog.bundled().find(provider, model).orElseThrow();
    assertThat(e.inputPerMtok()).isEqualByComparingTo(input);
    assertThat(e.outputPerMtok()).isEqualByComparingTo(output);
    if (cacheRead == null) {
      assertThat(e.cacheReadPerMtok()).isNull();
    } else {
      assertThat(e.cacheReadPerMtok()).isEqualByComparingTo(cacheRead);
    }
    if (cacheWrite == null) {
      assertThat(e.cacheWritePerMtok()).isNull();
    } else {
      assertThat(e.cacheWritePerMtok()).isEqualByComparingTo(cacheWrite);
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      "openai,    gpt-4o,            128000,  16384",
      "openai,    gpt-4.1,           1047576, 32768",
      "openai,    gpt-5,             400000,  128000",
      "anthropic, claude-sonnet-4-5, 200000,  64000",
      "gemini,    gemini-2.5-pro,    1048576, 65536",
  })
  void limits(String provider, String model, long context, long maxOutput) {
    CatalogEntry e = ModelCatalog.bundled().find(provider, model).orElseThrow();
    assertThat(e.contextWindow()).isEqualTo(context);
    assertThat(e.maxOutputTokens()).isEqualTo(maxOutput);
  }

  @org.junit.jupiter.api.Test
  void separatelyBilledReasoningOnlyWherePublished() {
    assertThat(ModelCatalog.bundled().find("perplexity", "sonar-deep-research").orElseThrow().reasoningPerMtok())
        .isEqualByComparingTo("3");
    assertThat(ModelCatalog.bundled().find("openai", "o3").orElseThrow().reasoningPerMtok()).isNull();
  }
}
