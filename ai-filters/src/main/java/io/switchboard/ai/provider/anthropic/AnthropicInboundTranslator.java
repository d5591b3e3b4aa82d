package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.InboundTranslator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets clients speak Anthropic's Messages API ({@code POST /v1/messages}) to any provider: translates their requests
 * into the canonical OpenAI chat dialect, and canonical completions, streams and errors back into Anthropic's.
 *
 * <p>Requests ({@link AnthropicInboundRequest}, {@link AnthropicInboundMessages}): {@code system} becomes a leading
 * system message, {@code tool_result} blocks become {@code tool} messages, {@code tool_use} blocks become
 * {@code tool_calls}, images become {@code image_url} parts, tools become function tools, extended thinking becomes
 * {@code reasoning_effort} and structured output a {@code json_schema} {@code response_format}. What the canonical
 * dialect cannot carry is dropped where it only tunes the call ({@code top_k}, {@code cache_control}, thinking
 * blocks of earlier turns, {@code is_error}) and refused with 400 where it changes what the model can see or do
 * (documents, server tools, MCP servers).
 *
 * <p>Responses ({@link AnthropicInboundResponse}) and streams ({@link AnthropicInboundStream}): text and
 * {@code tool_use} blocks, {@code stop_reason} from {@code finish_reason}, and usage with cached tokens split out of
 * {@code input_tokens} as Anthropic reports them.
 *
 * <p>Stateless and thread-safe; the streams it creates are not. Pure: no I/O, clock or randomness.
 */
public final class AnthropicInboundTranslator implements InboundTranslator {

  public AnthropicInboundTranslator() {
  }

  @Override
  public ObjectNode toCanonical(ObjectNode clientRequest, InboundContext context) {
    return AnthropicInboundRequest.toCanonical(clientRequest, context);
  }

  @Override
  public ObjectNode fromCanonical(ObjectNode completion, InboundContext context) {
    return AnthropicInboundResponse.toMessage(completion, context);
  }

  @Override
  public InboundStream newStream(InboundContext context) {
    return new AnthropicInboundStream(context);
  }

  @Override
  public ObjectNode error(AiException error) {
    return AnthropicInboundResponse.error(error);
  }
}
