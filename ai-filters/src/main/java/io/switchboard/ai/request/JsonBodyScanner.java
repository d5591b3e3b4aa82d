package io.switchboard.ai.request;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the few top-level fields routing needs from a JSON body in one streaming pass, skipping everything else
 * without building a tree. Nesting deeper than the configured bound is rejected as a 400.
 */
public final class JsonBodyScanner {

  private final JsonMapper mapper;

  public JsonBodyScanner(int maxNestingDepth) {
    this.mapper = JsonMapper.builder(JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
        .build()).build();
  }

  /** The bounded mapper, for callers that need the whole tree of a body this scanner accepted. */
  public JsonMapper mapper() {
    return mapper;
  }

  /**
   * Scans a request body.
   *
   * @throws AiException 400 when the body is not one JSON object or nests too deep
   */
  public BodyScan scan(byte[] body) {
    String model = null;
    int modelStart = -1;
    int modelEnd = -1;
    boolean stream = false;
    boolean hasStreamOptions = false;
    boolean includeUsage = false;
    try (JsonParser p = mapper.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw AiException.invalidRequest("The request body must be a JSON object.", null, "invalid_json");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "model" -> {
            if (value == JsonToken.VALUE_STRING) {
              modelStart = (int) p.currentTokenLocation().getByteOffset();
              model = p.getString();
              modelEnd = endOfString(body, modelStart);
            } else {
              p.skipChildren();
            }
          }
          case "stream" -> stream = value == JsonToken.VALUE_TRUE;
          case "stream_options" -> {
            hasStreamOptions = true;
            if (value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String option = p.currentName();
                JsonToken v = p.nextToken();
                if (option.equals("include_usage")) {
                  includeUsage = v == JsonToken.VALUE_TRUE;
                } else {
                  p.skipChildren();
                }
              }
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw AiException.invalidRequest("The request body is not valid JSON.", null, "invalid_json");
      }
      int closing = (int) p.currentTokenLocation().getByteOffset();
      return new BodyScan(model, modelStart, modelEnd, stream, hasStreamOptions, includeUsage, closing);
    } catch (StreamConstraintsException e) {
      throw AiException.invalidRequest("The request body nests JSON too deeply.", null, "invalid_json");
    } catch (JacksonException e) {
      throw AiException.invalidRequest("The request body is not valid JSON: " + e.getOriginalMessage(), null,
          "invalid_json");
    }
  }

  /** Reads a top-level {@code usage} object from a (trusted, provider) response without building a tree of it all. */
  public static TokenUsage openAiUsage(byte[] response) {
    return OpenAiShapes.usageOf(usage(response).usage());
  }

  /**
   * Finds a response's top-level {@code usage} object in one streaming pass, building a tree of that object only,
   * and where it ends, so that a field can be spliced into the response's bytes without re-serialising them.
   * Anything that is not one JSON object, and a {@code usage} that is not an object, read as {@link UsageSpan#NONE}.
   */
  public static UsageSpan usage(byte[] response) {
    try (JsonParser p = io.switchboard.ai.Json.MAPPER.createParser(response)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return UsageSpan.NONE;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("usage")) {
          if (value != JsonToken.START_OBJECT) {
            return UsageSpan.NONE;
          }
          JsonNode usage = p.readValueAsTree();
          // The parser now stands on the object's closing brace; byte input gives byte offsets.
          return new UsageSpan(usage, (int) p.currentTokenLocation().getByteOffset());
        }
        p.skipChildren();
      }
      return UsageSpan.NONE;
    } catch (JacksonException e) {
      return UsageSpan.NONE;
    }
  }

  /**
   * A response's top-level {@code usage} object and where it ends.
   *
   * @param usage the object, or {@code null} when the response has none
   * @param closingBrace byte offset of the object's closing brace, or -1 when there is none
   */
  public record UsageSpan(@Nullable JsonNode usage, int closingBrace) {

    public static final UsageSpan NONE = new UsageSpan(null, -1);
  }

  private static int endOfString(byte[] body, int openingQuote) {
    for (int i = openingQuote + 1; i < body.length; i++) {
      if (body[i] == '\\') {
        i++;
      } else if (body[i] == '"') {
        return i + 1;
      }
    }
    return -1;
  }
}
