package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams a provider's events to an OpenAI client through a {@link StreamTranslator}, ending with {@code [DONE]}. The
 * usage chunk gets the cost of the stream's usage ({@link UsageCost}).
 */
final class TranslatingStreamCodec implements StreamCodec {

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final StreamTranslator translator;
  private final UsageCost cost;
  private final List<ObjectNode> chunks = new ArrayList<>(4);

  TranslatingStreamCodec(StreamTranslator translator, UsageCost cost) {
    this.translator = translator;
    this.cost = cost;
  }

  @Override
  public void onEvent(SseEvent event, ByteArrayOutputStream out) {
    if (event.data().isEmpty() || event.data().equals("[DONE]")) {
      return;
    }
    translator.onEvent(event.event(), event.data(), chunks);
    drain(out);
  }

  @Override
  public void onComplete(ByteArrayOutputStream out) {
    translator.onComplete(chunks);
    drain(out);
    out.writeBytes(DONE);
  }

  @Override
  public boolean finished() {
    return translator.finished();
  }

  @Override
  public TokenUsage usage() {
    return translator.usage();
  }

  private void drain(ByteArrayOutputStream out) {
    for (ObjectNode chunk : chunks) {
      cost.intoJson(chunk, translator.usage());
      out.writeBytes(DATA);
      out.writeBytes(Json.MAPPER.writeValueAsBytes(chunk));
      out.writeBytes(END);
    }
    chunks.clear();
  }
}
