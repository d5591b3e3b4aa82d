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
 * signatures, cache fields and fields the gateway does not know included), but for the cost spliced into the usage
 * of Anthropic's {@code message_delta} ({@link UsageCost}). The provider's own translator watches the events only to
 * account usage and to know whether the stream ended properly; what it produces is discarded.
 */
final class SameDialectPassthroughCodec implements StreamCodec {

  private final Dialect dialect;
  private final StreamTranslator observer;
  private final UsageCost cost;
  private final List<ObjectNode> discarded = new ArrayList<>(4);
  private boolean providerReportedError;

  SameDialectPassthroughCodec(Dialect dialect, StreamTranslator observer, UsageCost cost) {
    this.dialect = dialect;
    this.observer = observer;
    this.cost = cost;
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
    // The observer has read this event: for the one that carries the final usage, its usage is the stream's.
    out.writeBytes(cost.intoEvent(event, observer.usage()));
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
