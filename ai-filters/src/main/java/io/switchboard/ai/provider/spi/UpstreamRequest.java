package io.switchboard.ai.provider.spi;

import tools.jackson.databind.JsonNode;

/**
 * What a translator wants sent upstream: a path relative to the provider's base URL (it may carry a query string,
 * e.g. {@code /v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse}) and a JSON body. The routing engine
 * adds the base URL, authentication and transport headers; translators never see credentials.
 */
public record UpstreamRequest(String path, JsonNode body) {
}
