package io.switchboard.ai.web;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.catalog.ModelCatalog;
import java.util.Optional;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.ProviderRegistry;
import java.util.List;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the models the AI routes serve, in OpenAI's shape. */
public final class ModelsHandler {

  private final RouteDefinitionLocator routes;
  private final ProviderRegistry providers;
  private final ModelCatalog catalog;

  public ModelsHandler(RouteDefinitionLocator routes, ProviderRegistry providers, ModelCatalog catalog) {
    this.routes = routes;
    this.providers = providers;
    this.catalog = catalog;
  }

  public Mono<ServerResponse> list(ServerRequest request) {
    return served().flatMap(models -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      models.forEach(m -> data.add(entry(m)));
      return json(200, body);
    });
  }

  public Mono<ServerResponse> one(ServerRequest request) {
    String id = request.pathVariable("id");
    return served().flatMap(models -> models.stream().filter(m -> m.id().equals(id)).findFirst()
        .map(m -> json(200, entry(m)))
        .orElseGet(() -> json(404, AiErrors.openAiEnvelope(AiException.modelNotFound(id)))));
  }

  private Mono<List<AiRouteCatalog.ServedModel>> served() {
    return routes.getRouteDefinitions().collectList()
        .map((List<RouteDefinition> defs) -> AiRouteCatalog.servedModels(defs, providers));
  }

  /** OpenAI's model object, plus the catalog's limits, prices and capabilities when the model is in it. */
  private ObjectNode entry(AiRouteCatalog.ServedModel model) {
    ObjectNode entry = Json.object().put("id", model.id()).put("object", "model").put("created", 0)
        .put("owned_by", model.ownedBy());
    Optional<CatalogEntry> known = catalog.find(model.providerType(), model.upstreamModel())
        .or(() -> catalog.findByModel(model.upstreamModel()));
    known.ifPresent(c -> {
      entry.put("context_window", c.contextWindow()).put("max_output_tokens", c.maxOutputTokens());
      ObjectNode pricing = entry.putObject("pricing").put("currency", "USD").put("unit", "per_million_tokens");
      pricing.put("input", c.inputPerMtok()).put("output", c.outputPerMtok());
      if (c.cacheReadPerMtok() != null) {
        pricing.put("cached_input", c.cacheReadPerMtok());
      }
      if (c.cacheWritePerMtok() != null) {
        pricing.put("cache_write", c.cacheWritePerMtok());
      }
      if (c.reasoningPerMtok() != null) {
        pricing.put("reasoning", c.reasoningPerMtok());
      }
      ArrayNode capabilities = entry.putArray("capabilities");
      c.capabilities().stream().map(CatalogEntry.Capability::jsonName).sorted().forEach(capabilities::add);
    });
    return entry;
  }

  private static Mono<ServerResponse> json(int status, ObjectNode body) {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.MAPPER.writeValueAsBytes(body));
  }
}
