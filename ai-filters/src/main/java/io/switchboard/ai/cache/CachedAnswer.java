package io.switchboard.ai.cache;

import io.switchboard.ai.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stored answer: the canonical (OpenAI {@code chat.completion}) response, what it cost when it was made, and for
 * the semantic cache the prompt's vector, scope and text.
 *
 * @param completion the canonical answer; replayed in each client's dialect
 * @param costUsd its cost at catalog price when made, or {@code null} when unpriced
 * @param createdMillis when it was stored
 * @param scope the semantic scope ({@link CacheRequest#scope()}), or {@code null} for exact-only entries
 * @param prompt the last user turn ({@code null} for exact-only entries), for the entity check
 * @param vector the normalized embedding of the prompt, or {@code null}
 */
public record CachedAnswer(ObjectNode completion, long promptTokens, long completionTokens,
    @Nullable BigDecimal costUsd, String model, long createdMillis, @Nullable String scope, @Nullable String prompt,
    float @Nullable [] vector) {

  private static final byte PLAIN = '{';
  private static final byte GZIP = 0x1f;

  /** The serialized form: JSON, gzip-compressed when larger than {@code compressAbove} bytes. */
  public byte[] toBytes(long compressAbove) {
    ObjectNode node = Json.object();
    node.put("v", 1);
    node.set("completion", completion);
    node.put("prompt_tokens", promptTokens);
    node.put("completion_tokens", completionTokens);
    if (costUsd != null) {
      node.put("cost", costUsd.toPlainString());
    }
    node.put("model", model);
    node.put("at", createdMillis);
    if (scope != null) {
      node.put("scope", scope);
    }
    if (prompt != null) {
      node.put("prompt", prompt);
    }
    if (vector != null) {
      node.put("vector", encode(vector));
    }
    byte[] json = Json.MAPPER.writeValueAsBytes(node);
    if (json.length <= compressAbove) {
      return json;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static CachedAnswer fromBytes(byte[] bytes) {
    byte[] json = bytes;
    if (bytes.length > 0 && bytes[0] == GZIP) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        json = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (bytes.length == 0 || bytes[0] != PLAIN) {
      throw new IllegalArgumentException("not a cache entry");
    }
    JsonNode node = Json.MAPPER.readTree(json);
    String cost = node.path("cost").asString(null);
    String vector = node.path("vector").asString(null);
    return new CachedAnswer((ObjectNode) node.get("completion"), node.path("prompt_tokens").asLong(),
        node.path("completion_tokens").asLong(), cost == null ? null : new BigDecimal(cost),
        node.path("model").asString(""), node.path("at").asLong(), node.path("scope").asString(null),
        node.path("prompt").asString(null), vector == null ? null : decode(vector));
  }

  /** Rough heap size, for the in-memory store's byte bound. */
  public long weight() {
    return 64L + completion.toString().length() * 2L + (prompt == null ? 0 : prompt.length() * 2L)
        + (vector == null ? 0 : vector.length * 4L + 16);
  }

  static String encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  static float[] decode(String base64) {
    ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] vector = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(vector);
    return vector;
  }
}
