package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.catalog.CostCalculator;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.JsonBodyScanner;
import io.switchboard.ai.request.JsonBodyScanner.UsageSpan;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Puts a call's cost into the usage object its client receives, as {@code usage.cost}: US dollars, a JSON number
 * written exactly as {@link CostCalculator} computes it, without trailing zeros (the value of the
 * {@code x-switchboard-cost-usd} header). Where that object is depends on the client's dialect: the top-level
 * {@code usage} of an OpenAI chat completion, usage chunk or embeddings answer, of an Anthropic message and of its
 * stream's {@code message_delta}, of a Responses API response and of the {@code response} in its stream's
 * {@code response.completed} or {@code response.incomplete}. Gemini clients get none: protobuf-JSON clients may
 * reject an unknown field in {@code usageMetadata}.
 *
 * <p>{@link #NONE} adds nothing: for models the catalog does not price (an unknown cost is never reported as 0),
 * Gemini clients, and when {@code ai.cost.in-usage} is off. A cost the upstream put there itself (some OpenAI
 * compatible gateways do) is replaced, so that the field always means the same. Immutable.
 */
final class UsageCost {

  static final UsageCost NONE = new UsageCost(Dialect.GEMINI, null);

  private final Dialect client;
  private final @Nullable CatalogEntry prices;

  private UsageCost(Dialect client, @Nullable CatalogEntry prices) {
    this.client = client;
    this.prices = prices;
  }

  /** What a client of this dialect gets for a model priced by {@code prices} ({@code null}: not priced). */
  static UsageCost forClient(Dialect client, @Nullable CatalogEntry prices) {
    return prices == null || client == Dialect.GEMINI ? NONE : new UsageCost(client, prices);
  }

  /** The cost to report for a usage, or {@code null} when none is reported. */
  @Nullable BigDecimal cost(TokenUsage usage) {
    return prices == null ? null : CostCalculator.cost(prices, usage);
  }

  /** A non-streamed answer forwarded as received: its bytes with the cost spliced into its usage object. */
  byte[] intoJson(byte[] body, TokenUsage usage) {
    return prices == null ? body : intoJson(body, JsonBodyScanner.usage(body), usage);
  }

  /** The same, when the caller already found the usage object ({@link JsonBodyScanner#usage}). */
  byte[] intoJson(byte[] body, UsageSpan span, TokenUsage usage) {
    BigDecimal cost = cost(usage);
    return cost == null ? body : withCost(body, span, cost);
  }

  /** A translated answer or OpenAI chunk: the cost goes into its top-level {@code usage} object, if it has one. */
  void intoJson(ObjectNode body, TokenUsage usage) {
    if (prices != null && body.get("usage") instanceof ObjectNode target) {
      put(target, cost(usage));
    }
  }

  /** A translated client event: the cost goes into the usage object of the event that ends the stream. */
  void intoEvent(StreamEvent event, TokenUsage usage) {
    if (prices == null || !endsWithUsage(event.event())) {
      return;
    }
    JsonNode holder = client == Dialect.RESPONSES ? event.data().path("response") : event.data();
    if (holder.get("usage") instanceof ObjectNode target) {
      put(target, cost(usage));
    }
  }

  /**
   * An event forwarded from a provider of the client's dialect: its bytes as received, with the cost spliced into
   * its top-level usage object when it is the event that carries the stream's final usage.
   */
  byte[] intoEvent(SseEvent event, TokenUsage usage) {
    BigDecimal cost = prices == null || !endsWithUsage(event.event()) ? null : cost(usage);
    if (cost == null) {
      return event.raw();
    }
    byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
    byte[] stamped = withCost(data, JsonBodyScanner.usage(data), cost);
    if (stamped == data) {
      return event.raw();
    }
    byte[] raw = event.raw();
    int at = indexOf(raw, data);
    if (at < 0) {
      return reframe(event.event(), stamped); // data spread over several lines: not one run of the raw bytes
    }
    byte[] out = new byte[raw.length - data.length + stamped.length];
    System.arraycopy(raw, 0, out, 0, at);
    System.arraycopy(stamped, 0, out, at, stamped.length);
    System.arraycopy(raw, at + data.length, out, at + stamped.length, raw.length - at - data.length);
    return out;
  }

  /**
   * Inserts {@code "cost":<number>} as the last member of the JSON object whose closing brace is at
   * {@code closingBrace}, just after its last member (a comma first unless the object is empty). Returns
   * {@code json} itself when there is no closing brace at that offset.
   */
  static byte[] splice(byte[] json, int closingBrace, String number) {
    if (closingBrace < 1 || closingBrace >= json.length || json[closingBrace] != '}') {
      return json;
    }
    int end = closingBrace;
    while (end > 0 && isWhitespace(json[end - 1])) {
      end--;
    }
    byte[] field = ((json[end - 1] == '{' ? "" : ",") + "\"cost\":" + number).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[json.length + field.length];
    System.arraycopy(json, 0, out, 0, end);
    System.arraycopy(field, 0, out, end, field.length);
    System.arraycopy(json, end, out, end + field.length, json.length - end);
    return out;
  }

  /** The cost as the header and the usage object carry it: plain notation, no trailing zeros. */
  static String format(BigDecimal cost) {
    return cost.stripTrailingZeros().toPlainString();
  }

  /** Which events carry a stream's final usage: all for OpenAI (the codec picks the usage chunk), else one kind. */
  private boolean endsWithUsage(@Nullable String event) {
    return switch (client) {
      case ANTHROPIC -> "message_delta".equals(event);
      case RESPONSES -> "response.completed".equals(event) || "response.incomplete".equals(event);
      default -> true;
    };
  }

  private static byte[] withCost(byte[] json, UsageSpan span, BigDecimal cost) {
    if (span.usage() == null) {
      return json;
    }
    if (span.usage().has("cost")) {
      // Rare (an upstream that prices calls itself): replacing a value in place is not worth the code.
      ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(json);
      put((ObjectNode) tree.get("usage"), cost);
      return Json.MAPPER.writeValueAsBytes(tree);
    }
    return splice(json, span.closingBrace(), format(cost));
  }

  private static void put(ObjectNode usage, @Nullable BigDecimal cost) {
    if (cost != null) {
      // Raw, because Jackson writes a BigDecimal such as 0.00000015 in scientific notation (1.5E-7).
      usage.putRawValue("cost", new RawValue(format(cost)));
    }
  }

  private static byte[] reframe(@Nullable String event, byte[] data) {
    StringBuilder out = new StringBuilder(data.length + 32);
    if (event != null) {
      out.append("event: ").append(event).append('\n');
    }
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
      out.append("data: ").append(line).append('\n');
    }
    return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
