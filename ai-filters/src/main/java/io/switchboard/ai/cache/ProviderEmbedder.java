package io.switchboard.ai.cache;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code embeddings-provider: <provider id>}: embeddings from an OpenAI-compatible provider's {@code /embeddings},
 * called with the gateway's own Reactor Netty {@link HttpClient} (non-blocking).
 */
public final class ProviderEmbedder implements Embedder {

  private final HttpClient http;
  private final Provider provider;
  private final String model;
  private final Duration timeout;

  public ProviderEmbedder(HttpClient http, Provider provider, String model, Duration timeout) {
    this.http = http;
    this.provider = provider;
    this.model = model;
    this.timeout = timeout;
  }

  @Override
  public Mono<float[]> embed(String text) {
    ObjectNode body = Json.object().put("model", model).put("input", text).put("encoding_format", "float");
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    String uri = provider.baseUri().toString() + "/embeddings";
    return http.headers(h -> {
          h.set("content-type", "application/json");
          if (provider.apiKey() != null) {
            h.set("authorization", "Bearer " + provider.apiKey());
          }
        })
        .post().uri(uri).send(ByteBufFlux.fromString(Mono.just(new String(bytes, StandardCharsets.UTF_8))))
        .responseSingle((response, content) -> response.status().code() / 100 == 2
            ? content.asByteArray()
            : Mono.error(new IllegalStateException("embeddings provider answered " + response.status().code())))
        .timeout(timeout)
        .map(json -> {
          JsonNode values = Json.MAPPER.readTree(json).path("data").path(0).path("embedding");
          float[] vector = new float[values.size()];
          for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) values.get(i).asDouble();
          }
          if (vector.length == 0) {
            throw new IllegalStateException("embeddings provider sent no vector");
          }
          return Embedder.normalize(vector);
        });
  }
}
