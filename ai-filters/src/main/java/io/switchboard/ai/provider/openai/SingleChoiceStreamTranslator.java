package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every stream translator of a single-answer provider shares: the chunk shape of choice 0, the usage seen,
 * whether the provider ended its stream properly, and the final usage chunk for clients that asked for it.
 * Subclasses only map their provider's events.
 */
public abstract class SingleChoiceStreamTranslator implements StreamTranslator {

  protected final TranslationContext context;
  /** Set by the subclass when the provider signalled a proper end of its stream. */
  protected boolean finished;
  /** The usage seen so far, kept up to date by the subclass. */
  protected TokenUsage usage = TokenUsage.NONE;

  protected SingleChoiceStreamTranslator(TranslationContext context) {
    this.context = context;
  }

  @Override
  public void onComplete(List<ObjectNode> out) {
    if (context.includeUsage()) {
      out.add(OpenAiShapes.usageChunk(context, usage));
    }
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }

  /** A {@code reasoning_content} chunk for the provider's reasoning text, when it is a non-empty string. */
  protected void emitReasoning(JsonNode text, List<ObjectNode> out) {
    if (text.isString() && !text.asString().isEmpty()) {
      out.add(chunk(Json.object().put(OpenAiShapes.REASONING_CONTENT, text.asString()), null));
    }
  }

  /** A {@code chat.completion.chunk} for choice 0. */
  protected ObjectNode chunk(ObjectNode delta, @Nullable String finishReason) {
    ObjectNode chunk = OpenAiShapes.chunk(context);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finishReason);
    choice.putNull("logprobs");
    return chunk;
  }
}
