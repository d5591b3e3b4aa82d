package io.switchboard.ai.provider.spi;

/**
 * Facts an inbound translator needs that are not in the client's request body.
 *
 * @param model the model as the client named it (from the body, or from the URL path for Gemini)
 * @param stream whether the client asked for a streamed response (from the body, or the endpoint for Gemini)
 * @param responseId the id given to the client's response (e.g. {@code msg_...} for Anthropic clients)
 * @param created the Unix time (seconds) of the response
 */
public record InboundContext(String model, boolean stream, String responseId, long created) {
}
