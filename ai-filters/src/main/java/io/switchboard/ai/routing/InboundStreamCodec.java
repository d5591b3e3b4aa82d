package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams a provider to a client of another dialect in two pure steps: the provider's events become canonical
 * chunks ({@link StreamTranslator}), and those become the client's events ({@link InboundStream}). The client's
 * final usage gets the cost of the stream's usage ({@link UsageCost}).
 */
final class InboundStreamCodec implements StreamCodec {

  private final StreamTranslator provider;
  private final InboundStream client;
  private final UsageCost cost;
  private final List<ObjectNode> chunks = new ArrayList<>(4);
  private final List<StreamEvent> events = new ArrayList<>(4);

  InboundStreamCodec(StreamTranslator provider, InboundStream client, UsageCost cost) {
    this.provider = provider;
    this.client = client;
    this.cost = cost;
  }

  @Override
  public void onEvent(SseEvent event, ByteArrayOutputStream out) {
    if (event.data().isEmpty()) {
      return;
    }
    provider.onEvent(event.event(), event.data(), chunks);
    drain(out);
  }

  @Override
  public void onComplete(ByteArrayOutputStream out) {
    provider.onComplete(chunks);
    drain(out);
    client.onComplete(events);
    write(out);
  }

  @Override
  public boolean finished() {
    return provider.finished();
  }

  @Override
  public TokenUsage usage() {
    return provider.usage();
  }

  @Override
  public byte[] errorEvent(AiException error) {
    List<StreamEvent> failure = new ArrayList<>(1);
    client.onError(error, failure);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamEvent e : failure) {
      encode(e, out);
    }
    return out.toByteArray();
  }

  private void drain(ByteArrayOutputStream out) {
    for (ObjectNode chunk : chunks) {
      client.onChunk(chunk, events);
    }
    chunks.clear();
    write(out);
  }

  private void write(ByteArrayOutputStream out) {
    for (StreamEvent e : events) {
      cost.intoEvent(e, provider.usage());
      encode(e, out);
    }
    events.clear();
  }

  static void encode(StreamEvent event, ByteArrayOutputStream out) {
    if (event.event() != null) {
      out.writeBytes(("event: " + event.event() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(Json.MAPPER.writeValueAsBytes(event.data()));
    out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
  }
}
