package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.provider.spi.TokenUsage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spot-checks bundled prices against the providers' list prices, as checked for the catalog version 2026-11-24.
 *
 * <p>USD per million tokens, standard (on-demand, non-batch, non-fast) tier; where a price depends on the prompt
 * length, the lowest band (OpenAI up to 272k input tokens, Gemini Pro up to 200k, xAI up to 200k, Claude Haiku 5.5
 * up to 100k); where DeepSeek bills peak and off-peak hours, the peak rate. Each row names its source and the date the
 * source shows. Vendor pages come first; a row marked "secondary" was checked against a third party that quotes the
 * vendor's page (a release note, a price tracker), because the stored copy of the vendor page did not show that cell.
 *
 * <p>Cells: a number is the expected price; an empty cell means "no separate price" (the cost falls back to the input
 * price); {@code ?} means the source did not show that cell, so it is not asserted.
 *
 * <p>Not verified from any source available here, and so not asserted: Vertex AI prices (the bundled Vertex entries
 * carry the global-endpoint price; regional endpoints of Claude 4.5 and later cost 10% more), Cohere Command A (no
 * longer on Cohere's public price list), the legacy {@code deepseek-chat} / {@code deepseek-reasoner} names (gone from
 * DeepSeek's page; left at their last published prices), which Mistral Large {@code mistral-large-latest} resolves to
 * today, Bedrock model ids of Claude 4.6 and later, and every Together, Fireworks, Cerebras and OpenRouter price.
 */
final class ModelCatalogListPriceTest {

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource(nullValues = "", value = {
      // provider, model,                     input, output, cache read, cache write
      // OpenAI: developers.openai.com Models page (copy listing GPT-6.1 Terra, i.e. after 2026-10-26); cached and
      // cache-write rates from the pricing page as quoted by PromptFuel v1.0.22/v1.0.24 (secondary, 2026-09/10)
      "openai,    gpt-6-astra,                 10,    50,     1,      12.50",
      "openai,    gpt-6.1-sol,                 2,     10,     0.10,   2.50",
      "openai,    gpt-6.1-terra,               1,     5,      0.05,   1.25",
      // OpenAI: GPT-6 Sol / Luna, LiteLLM day-0 blog and codexometer v0.18.4 quoting the pricing page (secondary, 2026-09-22)
      "openai,    gpt-6-sol,                   2,     10,     0.20,   2.50",
      "openai,    gpt-6-luna,                  0.10,  0.50,   0.01,   0.125",
      // OpenAI: Models page (2026-09 copy) after the 2026-07-30 price cut in OpenAI's changelog; cached per LaoZhang
      // announcement verified 2026-08-01 (secondary)
      "openai,    gpt-5.6-terra,               2,     12,     0.20,   ",
      "openai,    gpt-5.6-luna,                0.20,  1.20,   0.02,   ",
      // OpenAI: pricing page as transcribed by API Evangelist (2026-05-04) and TokenMix (verified 2026-06-04)
      "openai,    gpt-5.5,                     5,     30,     0.50,   ",
      "openai,    gpt-5.5-pro,                 30,    180,    ,       ",
      "openai,    gpt-5.4,                     2.50,  15,     0.25,   ",
      "openai,    gpt-5.4-mini,                0.75,  4.50,   0.075,  ",
      "openai,    gpt-5.4-nano,                0.20,  1.25,   0.02,   ",
      // OpenAI: GitHub Docs Copilot models-and-pricing table (secondary, 2026)
      "openai,    gpt-5.2,                     1.75,  14,     0.175,  ",
      "openai,    gpt-4.1,                     2,     8,      0.50,   ",
      "openai,    gpt-5-mini,                  0.25,  2,      0.025,  ",
      // OpenAI: openai-cost crate table 'openai.com/api/pricing as of 2026-Q2' (secondary)
      "openai,    gpt-5,                       1.25,  10,     ?,      ",
      // Anthropic: platform.claude.com model pages (Opus 5.5, Sonnet 5.5, Haiku 5.5 released 2026-10-07) and pricing
      // page (copy listing Fable 5.1); Sonnet 5.5 cache read cut to $0.10 on 2026-10-07 per claudit v1.9.2, re-checked
      // against the live page 2026-10-24 (secondary)
      "anthropic, claude-opus-5-5,             4,     20,     0.20,   5",
      "anthropic, claude-sonnet-5-5,           2,     10,     0.10,   2.50",
      "anthropic, claude-haiku-5-5,            0.10,  0.50,   0.01,   0.125",
      "anthropic, claude-fable-5-1,            10,    50,     0.25,   12.50",
      "anthropic, claude-fable-5,              10,    50,     1,      12.50",
      "anthropic, claude-opus-5,               5,     25,     0.50,   6.25",
      "anthropic, claude-sonnet-5,             2,     10,     0.20,   2.50",
      "anthropic, claude-opus-4-6,             5,     25,     0.50,   6.25",
      "anthropic, claude-sonnet-4-6,           3,     15,     0.30,   3.75",
      "anthropic, claude-opus-4-5,             5,     25,     0.50,   6.25",
      "anthropic, claude-opus-4-1,             15,    75,     1.50,   18.75",
      "anthropic, claude-sonnet-4-5,           3,     15,     0.30,   3.75",
      "anthropic, claude-haiku-4-5,            1,     5,      0.10,   1.25",
      "anthropic, claude-3-5-haiku,            0.80,  4,      0.08,   1",
      "anthropic, claude-3-haiku,              0.25,  1.25,   0.03,   0.30",
      // Gemini: ai.google.dev/gemini-api/docs/pricing as transcribed by API Evangelist on 2026-10-07 (3.8 Flash at its
      // price through 2026-12-31); 3 Flash Preview per Factquire's record of the same page, accessed 2026-07-04
      "gemini,    gemini-3.8-flash,            0.75,  3.75,   ?,      ",
      "gemini,    gemini-3.5-flash,            1.50,  9,      ?,      ",
      "gemini,    gemini-3.5-flash-lite,       0.30,  2.50,   ?,      ",
      "gemini,    gemini-3.1-pro-preview,      2,     12,     ?,      ",
      "gemini,    gemini-3-flash-preview,      0.50,  3,      0.05,   ",
      "gemini,    gemini-2.5-pro,              1.25,  ?,      ?,      ",
      "gemini,    gemini-2.5-flash,            0.30,  ?,      ?,      ",
      "gemini,    gemini-2.5-flash-lite,       ?,     0.40,   ?,      ",
      // Gemini 4: TokenMeter v0.17.0 release notes quoting the pricing page (secondary, 2026)
      "gemini,    gemini-4-neon,               3,     15,     0.15,   ",
      "gemini,    gemini-4-hydrogen,           1.50,  7.50,   0.075,  ",
      // DeepSeek: api-docs.deepseek.com Models & Pricing (copy of 2026-11-15), peak-hour rates
      "deepseek,  deepseek-flash,              0.30,  1.20,   0.006,  ",
      "deepseek,  deepseek-v4-flash,           0.30,  1.20,   0.006,  ",
      "deepseek,  deepseek-v4-pro,             1.32,  3.96,   0.044,  ",
      // xAI: docs.x.ai Grok 4.6 page (2026-08); Grok 4.5 cached rate per Zoo-Code#866 quoting docs.x.ai (secondary);
      // Grok 4.3 per docs.x.ai models page quoted in genai_otel v1.2.2 (secondary); Grok Build 0.1 per docs.x.ai
      // models page observed 2026-09-25 (whatmodel, secondary)
      "xai,       grok-4.6,                    2,     6,      ?,      ",
      "xai,       grok-4.5,                    2,     6,      0.50,   ",
      "xai,       grok-4.3,                    1.25,  2.50,   ?,      ",
      "xai,       grok-build-0.1,              1,     2,      0.20,   ",
      // xAI: docs.x.ai Models and Pricing, archived 2025-06-02
      "xai,       grok-3,                      3,     15,     0.75,   ",
      "xai,       grok-3-mini,                 0.30,  0.50,   0.075,  ",
      // Groq: groq.com/pricing as quoted by TokenMix (verified 2026-06-04); Llama 3.1 8B per the ai-pricing-matrix-2026
      // snapshot of 2026-09-26 (secondary)
      "groq,      openai/gpt-oss-120b,         0.15,  0.60,   0.075,  ",
      "groq,      llama-3.1-8b-instant,        0.05,  0.08,   ,       ",
      // Mistral: Medium 3.5 per Mistral's pricing page and model card as cited in braintrust-proxy#802 (2026, after the
      // 2026-05-22 deprecation of Medium 3/3.1); Large 3 per Vercel AI Gateway (secondary); Codestral and Magistral
      // Medium per Mastra's Mistral provider table (secondary, 2026)
      "mistral,   mistral-medium-latest,       1.50,  7.50,   ,       ",
      "mistral,   mistral-large-2512,          0.50,  1.50,   ,       ",
      "mistral,   codestral-latest,            0.30,  0.90,   ,       ",
      "mistral,   magistral-medium-latest,     2,     5,      ,       ",
      // Cohere: cohere.com/pricing captured 2026-11-11 (Flexprice teardown); R7B and Embed 4 per Puter's table (Jun 2026)
      "cohere,    command-r-08-2024,           0.15,  0.60,   ,       ",
      "cohere,    command-r7b-12-2024,         0.0375, 0.15,  ,       ",
      "cohere,    embed-v4.0,                  0.12,  0,      ,       ",
      // Perplexity: docs.perplexity.ai pricing (2026 copy); request fees are not modeled
      "perplexity, sonar,                      1,     1,      ,       ",
      "perplexity, sonar-pro,                  3,     15,     ,       ",
      "perplexity, sonar-reasoning-pro,        2,     8,      ,       ",
      "perplexity, sonar-deep-research,        2,     8,      ,       ",
      // Bedrock: Claude at Anthropic's prices on the global profile, in-region and geo profiles 10% more from the 4.5
      // generation on (clauder-navi's Bedrock Claude pricing guide, 2026, secondary); Nova per TokenMix (2026-04-10)
      "bedrock,   global.anthropic.claude-sonnet-4-5-20250929-v1:0, 3, 15, 0.30, 3.75",
      "bedrock,   us.anthropic.claude-sonnet-4-5-20250929-v1:0,     3.30, 16.50, 0.33, 4.125",
      "bedrock,   global.anthropic.claude-haiku-4-5-20251001-v1:0,  1, 5, 0.10, 1.25",
      "bedrock,   amazon.nova-pro-v1:0,        0.80,  ?,      ?,      ",
      "bedrock,   amazon.nova-lite-v1:0,       0.06,  ?,      ?,      ",
      // Azure OpenAI, global standard: GPT-4o per Redress Compliance's Azure OpenAI guide, GPT-4.1 per Oreate (2026)
      "azure,     gpt-4o,                      2.50,  10,     1.25,   ",
      "azure,     gpt-4.1,                     2,     8,      0.50,   ",
  })
  void listPrice(String provider, String model, String input, String output, String cacheRead, String cacheWrite) {
    CatalogEntry e = ModelCatalog.bundled().find(provider, model).orElseThrow();
    assertPrice(e.inputPerMtok(), input);
    assertPrice(e.outputPerMtok(), output);
    assertPrice(e.cacheReadPerMtok(), cacheRead);
    assertPrice(e.cacheWritePerMtok(), cacheWrite);
  }

  private static void assertPrice(BigDecimal actual, String expected) {
    if ("?".equals(expected)) {
      return;
    }
    if (expected == null) {
      assertThat(actual).isNull();
    } else {
      assertThat(actual).isEqualByComparingTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      // same sources as above
      "openai,    gpt-6-astra,       1050000, 128000",
      "openai,    gpt-5.6-terra,     1050000, 128000",
      "openai,    gpt-5.5,           1050000, 128000",
      "openai,    gpt-4o,            128000,  16384",
      "openai,    gpt-4.1,           1047576, 32768",
      "openai,    gpt-5,             400000,  128000",
      "anthropic, claude-opus-5-5,   1000000, 128000",
      "anthropic, claude-haiku-5-5,  1000000, 128000",
      "anthropic, claude-sonnet-4-5, 200000,  64000",
      "anthropic, claude-haiku-4-5,  200000,  64000",
      "gemini,    gemini-2.5-pro,    1048576, 65536",
      "deepseek,  deepseek-flash,    1000000, 384000",
      "xai,       grok-4.6,          500000,  500000",
      "mistral,   mistral-medium-latest, 256000, 256000",
  })
  void limits(String provider, String model, long context, long maxOutput) {
    CatalogEntry e = ModelCatalog.bundled().find(provider, model).orElseThrow();
    assertThat(e.contextWindow()).isEqualTo(context);
    assertThat(e.maxOutputTokens()).isEqualTo(maxOutput);
  }

  @Test
  void separatelyBilledReasoningOnlyWherePublished() {
    assertThat(ModelCatalog.bundled().find("perplexity", "sonar-deep-research").orElseThrow().reasoningPerMtok())
        .isEqualByComparingTo("3");
    assertThat(ModelCatalog.bundled().find("openai", "o3").orElseThrow().reasoningPerMtok()).isNull();
    assertThat(ModelCatalog.bundled().find("openai", "gpt-6.1-sol").orElseThrow().reasoningPerMtok()).isNull();
  }

  @Test
  void costOfCurrentModelsWithCachedAndReasoningTokensIsExact() {
    ModelCatalog catalog = ModelCatalog.bundled();
    // claude-opus-5-5: 4,000 x 4 + 12,000 cached x 0.20 + 4,000 written x 5 + 1,000 x 20 + 2,000 reasoning x 20
    //                = 16,000 + 2,400 + 20,000 + 20,000 + 40,000 = 98,400 per million
    assertThat(CostCalculator.cost(catalog.find("anthropic", "claude-opus-5-5").orElseThrow(),
        new TokenUsage(20_000, 3_000, 12_000, 4_000, 2_000))).isEqualTo(new BigDecimal("0.098400000000"));
    // gpt-6.1-sol: 6,000 x 2 + 4,000 cached x 0.10 + 500 x 10 + 1,500 reasoning x 10 = 32,400 per million
    assertThat(CostCalculator.cost(catalog.find("openai", "gpt-6.1-sol").orElseThrow(),
        new TokenUsage(10_000, 2_000, 4_000, 0, 1_500))).isEqualTo(new BigDecimal("0.032400000000"));
    // claude-haiku-5-5 (prompts up to 100k): 100 x 0.10 + 900 cached x 0.01 + 100 x 0.50 = 69 per million
    assertThat(CostCalculator.cost(catalog.find("anthropic", "claude-haiku-5-5").orElseThrow(),
        new TokenUsage(1_000, 100, 900, 0, 0))).isEqualTo(new BigDecimal("0.000069000000"));
  }
}
