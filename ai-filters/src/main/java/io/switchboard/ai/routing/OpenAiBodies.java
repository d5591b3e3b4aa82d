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
    byte[] body = request.body();
    boolean sameModel = upstreamModel.equals(scan.model());
    if (sameModel && !needsUsage) {
      return body;
    }
    byte[] model = sameModel ? null : Json.MAPPER.writeValueAsBytes(upstreamModel);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    int closing = scan.closingBrace();
    if (model == null) {
      out.write(body, 0, closing);
    } else if (scan.modelStart() < closing) {
      out.write(body, 0, scan.modelStart());
      out.writeBytes(model);
      out.write(body, scan.modelEnd(), closing - scan.modelEnd());
    } else {
      out.write(body, 0, closing);
    }
    if (needsUsage) {
      out.writeBytes(INCLUDE_USAGE);
    }
    out.write(body, closing, body.length - closing);
    return out.toByteArray();
  }
}
