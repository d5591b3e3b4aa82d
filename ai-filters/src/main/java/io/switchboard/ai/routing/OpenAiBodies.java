package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.BodyScan;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same-dialect fast path: the client's body goes upstream byte for byte except for the model value, spliced in
 * place, so unknown and future fields pass untouched and nothing is parsed that need not be. A streamed request
 * also asks for usage ({@code stream_options.include_usage}) so every stream is accounted; the relay drops the
 * usage chunk again when the client did not ask for it. Providers that reject {@code stream_options} get it removed.
 */
final class OpenAiBodies {

  private static final byte[] INCLUDE_USAGE =
      ",\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);

  private OpenAiBodies() {
  }

  /**
   * The body with its top-level {@code model} value replaced in place (any dialect that carries the model in the
   * body: OpenAI, Anthropic); the same array when the model does not change.
   */
  static byte[] withModel(byte[] body, BodyScan scan, String model) {
    if (model.equals(scan.model()) || scan.modelStart() < 0) {
      return body;
    }
    byte[] quoted = Json.MAPPER.writeValueAsBytes(model);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + quoted.length);
    out.write(body, 0, scan.modelStart());
    out.writeBytes(quoted);
    out.write(body, scan.modelEnd(), body.length - scan.modelEnd());
    return out.toByteArray();
  }

  static byte[] forUpstream(AiRequest request, BodyScan scan, String upstreamModel, boolean stream,
      boolean streamOptions) {
    if (!streamOptions && scan.hasStreamOptions()) {
      // The provider rejects the field; whatever usage it reports arrives unasked.
      ObjectNode tree = request.tree().deepCopy();
      tree.put("model", upstreamModel);
      tree.remove("stream_options");
      return Json.MAPPER.writeValueAsBytes(tree);
    }
    boolean needsUsage = streamOptions && stream && !scan.includeUsage();
    if (needsUsage && scan.hasStreamOptions()) {
      // Rare: the client sent stream_options without include_usage. Edit the tree rather than splice twice.
      ObjectNode tree = request.tree().deepCopy();
      tree.put("model", upstreamModel);
      tree.withObjectProperty("stream_options").put("include_usage", true);
      return Json.MAPPER.writeValueAsBytes(tree);
    }
    byte[] body = withModel(request.body(), scan, upstreamModel);
    if (!needsUsage) {
      return body;
    }
    // The model edit shifted the closing brace by the difference in length of the two model values.
    int closing = scan.closingBrace() + (body.length - request.body().length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + INCLUDE_USAGE.length);
    out.write(body, 0, closing);
    out.writeBytes(INCLUDE_USAGE);
    out.write(body, closing, body.length - closing);
    return out.toByteArray();
  }
}
