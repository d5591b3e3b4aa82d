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
}
