package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.object;
import static io.switchboard.ai.provider.gemini.GeminiInboundTranslatorTest.CONTEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.provider.spi.TranslationContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini client's request through the gateway to a Gemini provider: {@link GeminiInboundTranslator#toCanonical}
 * then {@link GeminiChatTranslator#toUpstream}. Documents which parts of the request survive unchanged and which are
 * lost or normalized on the way.
 */
final class GeminiInboundRoundTripTest {

  private static final TranslationContext UPSTREAM = new TranslationContext("models/gemini-2.5-flash",
      "gemini-2.5-flash", false, false, "chatcmpl-1", 1_700_000_000L, 4096);

  private final GeminiInboundTranslator inbound = new GeminiInboundTranslator();
  private final GeminiChatTranslator outbound = new GeminiChatTranslator();

  /**
   * System instruction, text, inline and remote images (with an extension naming their MIME type), parallel
   * function calls and responses, function declarations in JSON Schema, a forced function and the sampling and
   * JSON-output options come back exactly as the client sent them.
   */
  @Test
  void passesTheCommonSubsetThroughUnchanged() {
    ObjectNode request = object("inbound/roundtrip-lossless.gemini-request.json");

    JsonNode upstream = outbound.toUpstream(inbound.toCanonical(request, CONTEXT), UPSTREAM).body();

    assertThat(normalized(upstream)).isEqualTo(request);
  }

  /**
   * What is lost or normalized:
   * <ul>
   *   <li>dropped by the inbound translator: {@code topK}, {@code safetySettings},
   *       {@code responseModalities: [TEXT]} (the default), thought parts, {@code thoughtSignature}s, the
   *       client's function call / response {@code id}s (used only to pair them) and the system instruction's role;
   *   <li>bucketed: {@code thinkingBudget} travels as {@code reasoning_effort} and comes back as that effort's budget
   *       (1024 for {@code low}), always with {@code includeThoughts};
   *   <li>normalized: snake_case field names become camelCase, {@code responseSchema} and {@code parameters}
   *       (OpenAPI subset) become {@code responseJsonSchema} and {@code parametersJsonSchema} (JSON Schema, with
   *       {@code nullable} as a {@code "null"} type and without {@code propertyOrdering}), split text parts of a
   *       model turn are joined, function declarations of several tools are gathered into one tool, the legacy
   *       {@code function} role becomes {@code user}, {@code VALIDATED} becomes {@code AUTO};
   *   <li>a remote image's MIME type is guessed again from its URL (here {@code image/webp} becomes
   *       {@code image/jpeg}), the canonical {@code image_url} having no MIME type.
   * </ul>
   */
  @Test
  void documentsWhatTheRoundTripLoses() {
    ObjectNode request = object("inbound/roundtrip-lossy.gemini-request.json");
    ObjectNode canonical = inbound.toCanonical(request, CONTEXT);

    JsonNode upstream = outbound.toUpstream(canonical, UPSTREAM).body();

    assertThat(canonical.path("reasoning_effort").asString()).isEqualTo("low");
    assertThat(normalized(upstream)).isEqualTo(object("inbound/roundtrip-lossy.gemini-upstream.json"));
  }
}
