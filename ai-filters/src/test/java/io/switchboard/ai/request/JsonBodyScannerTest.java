package io.switchboard.ai.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class JsonBodyScannerTest {

  private final JsonBodyScanner scanner = new JsonBodyScanner(16);

  @Test
  void findsModelAndStreamFlagsAnywhereAtTopLevel() {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"{\\\"model\\\":\\\"fake\\\"}\"}],"
        + "\"stream\":true,\"model\":\"gpt-4o\",\"stream_options\":{\"x\":[1,2],\"include_usage\":true}}";
    BodyScan scan = scanner.scan(body.getBytes(StandardCharsets.UTF_8));
    assertThat(scan.model()).isEqualTo("gpt-4o");
    assertThat(scan.stream()).isTrue();
    assertThat(scan.hasStreamOptions()).isTrue();
    assertThat(scan.includeUsage()).isTrue();
    assertThat(body.substring(scan.modelStart(), scan.modelEnd())).isEqualTo("\"gpt-4o\"");
    assertThat(body.charAt(scan.closingBrace())).isEqualTo('}');
  }

  @Test
  void offsetsAreByteOffsetsWithEscapesAndMultibyteCharacters() {
    String body = "{\"messages\":\"héllo ✓\",\"model\":\"we\\\"ird ✓\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    BodyScan scan = scanner.scan(bytes);
    assertThat(scan.model()).isEqualTo("we\"ird ✓");
    assertThat(new String(bytes, scan.modelStart(), scan.modelEnd() - scan.modelStart(), StandardCharsets.UTF_8))
        .isEqualTo("\"we\\\"ird ✓\"");
  }

  @Test
  void nonStringModelIsAbsent() {
    assertThat(scanner.scan("{\"model\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8)).model()).isNull();
  }

  @Test
  void rejectsInvalidJsonWith400() {
    for (String bad : new String[] {"{\"model\":", "[1,2]", "nope", "{\"a\":1"}) {
      assertThatThrownBy(() -> scanner.scan(bad.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(AiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_json");
          });
    }
  }

  @Test
  void rejectsNestingBeyondTheBound() {
    String deep = "{\"model\":\"m\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
    assertThatThrownBy(() -> scanner.scan(deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.getMessage()).contains("too deeply"));
    String fine = "{\"model\":\"m\",\"x\":" + "[".repeat(10) + "]".repeat(10) + "}";
    assertThat(scanner.scan(fine.getBytes(StandardCharsets.UTF_8)).model()).isEqualTo("m");
  }

  @Test
  void findsTheTopLevelUsageObjectAndItsClosingBrace() {
    String body = "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"\\\"usage\\\": {} ✓ é\",\"usage\":{}}}],"
        + "\"usage\" : { \"prompt_tokens\": 12, \"prompt_tokens_details\": {\"cached_tokens\": 4},"
        + "\n  \"completion_tokens\":3 }\n,\"after\":{\"usage\":1}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    JsonBodyScanner.UsageSpan span = JsonBodyScanner.usage(bytes);
    assertThat(span.usage().path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(4);
    assertThat(bytes[span.closingBrace()]).isEqualTo((byte) '}');
    // The offset is in bytes (the multibyte characters before it count for 2 and 3), just before the "\n,".
    assertThat(new String(bytes, span.closingBrace(), 3, StandardCharsets.UTF_8)).isEqualTo("}\n,");
    assertThat(JsonBodyScanner.openAiUsage(bytes).cachedTokens()).isEqualTo(4);
  }

  @Test
  void responsesWithoutAUsageObjectHaveNoSpan() {
    for (String body : new String[] {"{\"choices\":[{\"usage\":{\"a\":1}}]}", "{\"usage\":null}", "{\"usage\":[1]}",
        "[{\"usage\":{}}]", "not json", "{\"usage\":{\"a\":"}) {
      assertThat(JsonBodyScanner.usage(body.getBytes(StandardCharsets.UTF_8)))
          .as(body).isEqualTo(JsonBodyScanner.UsageSpan.NONE);
    }
  }
}
