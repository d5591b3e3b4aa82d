package io.switchboard.ai.predicate;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.AiRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The caller-supplied labels of a request body, read in one streaming pass over its top level (no tree is built)
 * and kept on the exchange for every {@code AiMetadata} predicate of every route.
 *
 * <p>Read: the {@code metadata} object (OpenAI Chat Completions and Responses; Anthropic, whose only key is
 * {@code user_id}), the {@code labels} object (Gemini on Vertex AI) and the end-user id {@code user} (OpenAI Chat,
 * Embeddings, Responses). Scalar values only (strings, numbers, booleans, as written); nested objects and arrays are
 * skipped.
 *
 * @param metadata the {@code metadata} object's scalar values
 * @param labels the {@code labels} object's scalar values
 * @param user the top-level {@code user} string, or {@code null}
 */
record RequestMetadata(Map<String, String> metadata, Map<String, String> labels, @Nullable String user) {

  /** Exchange attribute holding the {@code RequestMetadata} of the exchange. */
  static final String ATTRIBUTE = RequestMetadata.class.getName();

  private static final RequestMetadata NONE = new RequestMetadata(Map.of(), Map.of(), null);

  /** The metadata of the exchange's request, read on first use. */
  static RequestMetadata of(ServerWebExchange exchange, AiRequest request) {
    RequestMetadata cached = exchange.getAttribute(ATTRIBUTE);
    if (cached == null) {
      cached = read(request);
      exchange.getAttributes().put(ATTRIBUTE, cached);
    }
    return cached;
  }

  /**
   * The values a metadata key names: {@code metadata.<key>} and {@code labels.<key>}; for the key {@code user} also
   * the end-user id as each dialect sends it, top-level {@code user} (OpenAI) and {@code metadata.user_id}
   * (Anthropic).
   */
  List<String> values(String key) {
    List<String> values = new ArrayList<>(2);
    addIfPresent(values, metadata.get(key));
    addIfPresent(values, labels.get(key));
    if (key.equals("user")) {
      addIfPresent(values, user);
      addIfPresent(values, metadata.get("user_id"));
    }
    return values;
  }

  private static void addIfPresent(List<String> values, @Nullable String value) {
    if (value != null) {
      values.add(value);
    }
  }

  static RequestMetadata read(AiRequest request) {
    if (request.body().length == 0) {
      return NONE;
    }
    try {
      request.scan(); // a body the scanner refused (not JSON, too deep) has no metadata
    } catch (AiException invalid) {
      return NONE;
    }
    Map<String, String> metadata = Map.of();
    Map<String, String> labels = Map.of();
    String user = null;
    try (JsonParser p = Json.MAPPER.createParser(request.body())) {
      p.nextToken();
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("metadata") && value == JsonToken.START_OBJECT) {
          metadata = scalars(p);
        } else if (name.equals("labels") && value == JsonToken.START_OBJECT) {
          labels = scalars(p);
        } else if (name.equals("user") && value == JsonToken.VALUE_STRING) {
          user = p.getString();
        } else {
          p.skipChildren();
        }
      }
    } catch (JacksonException unexpected) {
      return NONE; // the scanner accepted the body, so this does not happen; if it did, there is no metadata
    }
    return new RequestMetadata(metadata, labels, user);
  }

  /** The scalar members of the object the parser is at the start of; leaves the parser at its end. */
  private static Map<String, String> scalars(JsonParser p) {
    Map<String, String> values = new HashMap<>();
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
        values.put(key, p.getString());
      } else {
        p.skipChildren();
      }
    }
    return values;
  }
}
