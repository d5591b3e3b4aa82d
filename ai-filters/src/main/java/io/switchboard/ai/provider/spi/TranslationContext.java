package io.switchboard.ai.provider.spi;

/**
 * Facts a translator needs that are not in the request body.
 *
 * @param upstreamModel the model name the provider is asked for
 * @param clientModel the model name the client asked for (echoed back in responses)
 * @param stream whether the client asked for a streamed response
 * @param includeUsage whether the streaming client asked for a final usage chunk ({@code stream_options.include_usage})
 * @param responseId the id given to the translated response ({@code chatcmpl-...})
 * @param created the Unix time (seconds) stamped on translated responses and chunks
 * @param defaultMaxTokens the {@code max_tokens} sent to providers that require one when the client set none
 */
public record TranslationContext(String upstreamModel, String clientModel, boolean stream, boolean includeUsage,
    String responseId, long created, int defaultMaxTokens) {
}
