package io.switchboard.ai.provider.openai;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.InboundTranslator;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets clients speak OpenAI's Responses API ({@code POST /v1/responses}) to any provider: translates their requests
 * into the canonical OpenAI Chat Completions dialect, and canonical completions, streams and errors back into the
 * Responses API's.
 *
 * <p>Requests ({@link ResponsesInboundRequest}, {@link ResponsesInboundInput}, {@link ResponsesInboundToolChoice}):
 * {@code instructions} becomes a leading system message; {@code input} (a string or items) becomes messages, with
 * {@code function_call} items as an assistant message's {@code tool_calls} and {@code function_call_output} items
 * as {@code tool} messages; function tools become Chat Completions function tools; {@code max_output_tokens},
 * {@code text.format} and {@code reasoning.effort} become {@code max_tokens}, {@code response_format} and
 * {@code reasoning_effort}. The gateway is stateless: what needs OpenAI's storage ({@code previous_response_id},
 * {@code store: true}, {@code conversation}, {@code background}, stored prompts, item references, files) is refused
 * with 400, as are built-in tools, which only OpenAI runs. Reasoning items of earlier turns are dropped.
 *
 * <p>Responses ({@link ResponsesInboundResponse}) and streams ({@link ResponsesInboundStream}): a {@code message}
 * item with the text, a {@code function_call} item per tool call, {@code status} and {@code incomplete_details} from
 * {@code finish_reason}, and usage with cached and reasoning tokens. Streams are the Responses API's semantic
 * events, each named after its {@code type} and numbered by {@code sequence_number}. Ids are derived from
 * {@link InboundContext#responseId()} ({@link ResponsesInboundItems}). Errors use OpenAI's error envelope.
 *
 * <p>Stateless and thread-safe; the streams it creates are not. Pure: no I/O, clock or randomness.
 */
public final class ResponsesInboundTranslator implements InboundTranslator {

  public ResponsesInboundTranslator() {
  }

  @Override
  public ObjectNode toCanonical(ObjectNode clientRequest, InboundContext context) {
    return ResponsesInboundRequest.toCanonical(clientRequest, context);
  }

  @Override
  public ObjectNode fromCanonical(ObjectNode completion, InboundContext context) {
    return ResponsesInboundResponse.toResponse(completion, context);
  }

  @Override
  public InboundStream newStream(InboundContext context) {
    return new ResponsesInboundStream(context);
  }

  @Override
  public ObjectNode error(AiException error) {
    return ResponsesInboundResponse.error(error);
  }
}
