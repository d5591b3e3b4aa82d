package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.provider.spi.InboundEmbeddingsTranslator;
import static io.switchboard.ai.provider.gemini.GeminiInboundWire.field;
import static io.switchboard.ai.provider.gemini.GeminiInboundWire.string;
import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets Gemini clients embed through the gateway: translates {@code :batchEmbedContents} and {@code :embedContent}
 * (v1beta) to and from the canonical OpenAI {@code /v1/embeddings} dialect.
 *
 * <p>Each Gemini request (or the single request) becomes one entry of the canonical {@code input} array, in order;
 * a content of several text parts is embedded as their texts joined with {@code "\n"}. Only text can be embedded.
 * {@code outputDimensionality} becomes {@code dimensions}; as a canonical request has one {@code dimensions} for all
 * inputs, every batch entry must ask for the same one (or none). {@code taskType} and {@code title} have no
 * canonical equivalent and are dropped. The canonical request always asks for {@code encoding_format: float}, the
 * only encoding Gemini answers. Field names are accepted in camelCase and in snake_case.
 *
 * <p>Stateless and thread-safe; no I/O, clock or randomness.
 */
public final class GeminiInboundEmbeddings implements InboundEmbeddingsTranslator {

  public GeminiInboundEmbeddings() {
  }

  @Override
  public ObjectNode toCanonical(ObjectNode clientRequest, String model, boolean batch) {
    return batch ? toCanonical(clientRequest, model) : toCanonicalSingle(clientRequest, model);
  }

  @Override
  public ObjectNode fromCanonical(ObjectNode openAiEmbeddings, boolean batch) {
    return batch ? fromCanonical(openAiEmbeddings) : fromCanonicalSingle(openAiEmbeddings);
  }

  /**
   * Translates a {@code batchEmbedContents} request.
   *
   * @param batchRequest {@code {requests: [{model?, content: {parts: [{text}]}, outputDimensionality?, ...}]}}
   * @param model the model named in the URL; a request's own {@code model}, if set, must name the same one (with or
   *     without the {@code models/} prefix), as Gemini requires
   * @throws AiException 400 naming the field ({@code requests[2].content.parts[0]}) when the request is invalid
   */
  public ObjectNode toCanonical(ObjectNode batchRequest, String model) {
    JsonNode requests = field(batchRequest, "requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw invalid("'requests' must be a non-empty array.", "requests");
    }
    ArrayNode input = Json.array();
    Long dimensions = null;
    for (int i = 0; i < requests.size(); i++) {
      JsonNode request = requests.get(i);
      String at = "requests[" + i + "]";
      if (!request.isObject()) {
        throw invalid("Each request must be an object.", at);
      }
      String requestModel = string(request, "model");
      if (requestModel != null && !GeminiWire.modelId(requestModel).equals(GeminiWire.modelId(model))) {
        throw invalid("Each request must name the model of the URL, 'models/" + GeminiWire.modelId(model) + "'.",
            at + ".model");
      }
      input.add(text(request, at + "."));
      Long requested = dimensions(request, at + ".");
      if (i > 0 && !Objects.equals(requested, dimensions)) {
        throw invalid("Every request must ask for the same outputDimensionality.", at + ".outputDimensionality");
      }
      dimensions = requested;
    }
    return canonical(model, input, dimensions);
  }

  /**
   * Translates an {@code embedContent} request, {@code {content: {parts: [{text}]}, outputDimensionality?, ...}}.
   *
   * @param model the model named in the URL
   * @throws AiException 400 naming the field ({@code content.parts[0]}) when the request is invalid
   */
  public ObjectNode toCanonicalSingle(ObjectNode embedRequest, String model) {
    ArrayNode input = Json.array();
    input.add(text(embedRequest, ""));
    return canonical(model, input, dimensions(embedRequest, ""));
  }

  /**
   * Translates a canonical embeddings response into a {@code batchEmbedContents} response,
   * {@code {embeddings: [{values: [...]}]}}, in the order of the canonical {@code index}es.
   *
   * @throws AiException 502 when the response has no {@code data} array or a vector is not an array of floats
   */
  public ObjectNode fromCanonical(ObjectNode openAiEmbeddings) {
    ObjectNode response = Json.object();
    ArrayNode embeddings = response.putArray("embeddings");
    for (JsonNode values : vectors(openAiEmbeddings)) {
      embeddings.addObject().set("values", values);
    }
    return response;
  }

  /**
   * Translates a canonical embeddings response into an {@code embedContent} response,
   * {@code {embedding: {values: [...]}}}, from its first vector.
   *
   * @throws AiException 502 when the response holds no vector or it is not an array of floats
   */
  public ObjectNode fromCanonicalSingle(ObjectNode openAiEmbeddings) {
    List<JsonNode> vectors = vectors(openAiEmbeddings);
    if (vectors.isEmpty()) {
      throw AiException.upstream("The embeddings response holds no vector.", null);
    }
    ObjectNode response = Json.object();
    response.putObject("embedding").set("values", vectors.get(0));
    return response;
  }

  private static ObjectNode canonical(String model, ArrayNode input, @Nullable Long dimensions) {
    ObjectNode canonical = Json.object();
    canonical.put("model", model);
    canonical.set("input", input);
    canonical.put("encoding_format", "float");
    if (dimensions != null) {
      canonical.put("dimensions", dimensions);
    }
    return canonical;
  }

  /** The text of a request's {@code content}; {@code prefix} is the request's parameter path with its dot. */
  private static String text(JsonNode request, String prefix) {
    JsonNode parts = field(field(request, "content"), "parts");
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw invalid("A 'content' with a non-empty 'parts' array is required.", prefix + "content");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < parts.size(); j++) {
      String part = string(parts.get(j), "text");
      if (part == null) {
        throw invalid("Only text can be embedded through this gateway.", prefix + "content.parts[" + j + "]");
      }
      if (j > 0) {
        text.append('\n');
      }
      text.append(part);
    }
    return text.toString();
  }

  private static @Nullable Long dimensions(JsonNode request, String prefix) {
    JsonNode value = field(request, "outputDimensionality");
    if (absent(value)) {
      return null;
    }
    if (!value.isIntegralNumber() || value.asLong() < 1) {
      throw invalid("'outputDimensionality' must be a positive integer.", prefix + "outputDimensionality");
    }
    return value.asLong();
  }

  /** The float vectors of a canonical response, ordered by {@code index} (entries without one last, in order). */
  private static List<JsonNode> vectors(ObjectNode openAiEmbeddings) {
    JsonNode data = openAiEmbeddings.get("data");
    if (data == null || !data.isArray()) {
      throw AiException.upstream("The embeddings response has no 'data' array.", null);
    }
    List<JsonNode> items = new ArrayList<>();
    data.forEach(items::add);
    items.sort(Comparator.comparingInt(item -> item.path("index").asInt(Integer.MAX_VALUE)));
    List<JsonNode> vectors = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode values = item.get("embedding");
      if (values == null || !values.isArray()) {
        throw AiException.upstream("The embeddings response holds a vector that is not an array of floats.", null);
      }
      vectors.add(values.deepCopy());
    }
    return vectors;
  }
}
