package io.switchboard.ai.web;

import io.switchboard.ai.Json;
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

  public ModelsHandler(RouteDefinitionLocator routes, ProviderRegistry providers) {
    this.routes = routes;
    this.providers = providers;
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

  private static ObjectNode entry(AiRouteCatalog.ServedModel model) {
    return Json.object().put("id", model.id()).put("object", "model").put("created", 0)
        .put("owned_by", model.ownedBy());
  }

  private static Mono<ServerResponse> json(int status, ObjectNode body) {
    return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Json.MAPPER.writeValueAsBytes(body));
  }
}
