package io.switchboard.ai.routing;

import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.Dialect;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same-dialect fast path for Anthropic and Gemini streams: every event is forwarded byte for byte (thinking
 * signatures, cache fields and fields the gateway does not know included). The provider's own translator watches
 * the events only to account usage and to know whether the stream ended properly; what it produces is discarded.
 */
final class SameDialectPassthroughCodec implements StreamCodec {

  private final Dialect dialect;
  private final StreamTranslator observer;
  private final List<ObjectNode> discarded = new ArrayList<>(4);
  private boolean providerReportedError;

  SameDialectPassthroughCodec(Dialect dialect, StreamTranslator observer) {
    this.dialect = dialect;
    this.observer = observer;
  }

  @Override
  public void onEvent(SseEvent event, ByteArrayOutputStream out) {
    try {
      if (!event.data().isEmpty()) {
        observer.onEvent(event.event(), event.data(), discarded);
      }
    } catch (AiException providerError) {
      // The provider's own error event, already in the client's dialect: forward it as it came.
      providerReportedError = true;
    }
    discarded.clear();
    out.writeBytes(event.raw());
  }

  @Override
  public void onComplete(ByteArrayOutputStream out) {
  }

  @Override
  public boolean finished() {
    return providerReportedError || observer.finished();
  }

  @Override
  public TokenUsage usage() {
    return observer.usage();
  }

  @Override
  public byte[] errorEvent(AiException error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (dialect == Dialect.ANTHROPIC) {
      InboundStreamCodec.encode(new StreamEvent("error", AiErrors.anthropicEnvelope(error)), out);
    } else {
      InboundStreamCodec.encode(new StreamEvent(null, AiErrors.geminiEnvelope(error)), out);
    }
    return out.toByteArray();
  }
}
