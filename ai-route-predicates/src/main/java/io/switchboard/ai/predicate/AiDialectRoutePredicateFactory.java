package io.switchboard.ai.predicate;

import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.request.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code AiDialect=anthropic,gemini}: matches requests whose path names an AI endpoint of one of the listed client
 * dialects or operations ({@link ClientApi}). Judged from the path alone (as {@link Endpoint} recognises it, by its
 * end), so the body is never read and the predicate is as cheap as {@code Path}: put it before the predicates that
 * read the body.
 */
public class AiDialectRoutePredicateFactory
    extends AbstractRoutePredicateFactory<AiDialectRoutePredicateFactory.Config> {

  /** What {@code AiDialect} can name. */
  public enum ClientApi {
    /** OpenAI Chat Completions ({@code …/chat/completions}). */
    OPENAI_CHAT,
    /** OpenAI Embeddings ({@code …/embeddings}). */
    OPENAI_EMBEDDINGS,
    /** OpenAI's Responses API ({@code …/v1/responses}). */
    RESPONSES,
    /** Anthropic Messages, token counting included ({@code …/v1/messages}, {@code …/v1/messages/count_tokens}). */
    ANTHROPIC,
    /** Every Gemini method ({@code …/models/{model}:generateContent}, streaming, embeddings, :countTokens). */
    GEMINI,
    /** Embeddings in any dialect (OpenAI {@code …/embeddings}, Gemini {@code :embedContent} and batch). */
    EMBEDDINGS,
    /** Token counting in any dialect (Anthropic {@code count_tokens}, Gemini {@code :countTokens}). */
    COUNT_TOKENS;

    /** The name used in route definitions: {@code openai-chat}, {@code count-tokens}, … */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean matches(Endpoint endpoint) {
      return switch (this) {
        case OPENAI_CHAT -> endpoint.dialect() == Dialect.OPENAI && endpoint.operation() == Operation.CHAT;
        case OPENAI_EMBEDDINGS -> endpoint.dialect() == Dialect.OPENAI && endpoint.operation() == Operation.EMBEDDINGS;
        case RESPONSES -> endpoint.dialect() == Dialect.RESPONSES;
        case ANTHROPIC -> endpoint.dialect() == Dialect.ANTHROPIC;
        case GEMINI -> endpoint.dialect() == Dialect.GEMINI;
        case EMBEDDINGS -> endpoint.operation() == Operation.EMBEDDINGS;
        case COUNT_TOKENS -> endpoint.operation() == Operation.COUNT_TOKENS;
      };
    }

    static @Nullable ClientApi of(String id) {
      for (ClientApi api : values()) {
        if (api.id().equals(id)) {
          return api;
        }
      }
      return null;
    }
  }

  public AiDialectRoutePredicateFactory() {
    super(Config.class);
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("dialects");
  }

  @Override
  public ShortcutType shortcutType() {
    return ShortcutType.GATHER_LIST;
  }

  @Override
  public Predicate<ServerWebExchange> apply(Config config) {
    Set<ClientApi> apis = resolve(config.getDialects());
    String listed = apis.stream().map(ClientApi::id).collect(Collectors.joining(","));
    return new GatewayPredicate() {
      @Override
      public boolean test(ServerWebExchange exchange) {
        Endpoint endpoint = Endpoint.of(exchange.getRequest().getPath().value());
        if (endpoint == null) {
          return false;
        }
        for (ClientApi api : apis) {
          if (api.matches(endpoint)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public Object getConfig() {
        return config;
      }

      @Override
      public String toString() {
        return "AiDialect: " + listed;
      }
    };
  }

  private static Set<ClientApi> resolve(List<String> values) {
    EnumSet<ClientApi> apis = EnumSet.noneOf(ClientApi.class);
    for (String token : Arguments.split(values)) {
      ClientApi api = ClientApi.of(token.toLowerCase(Locale.ROOT));
      if (api == null) {
        throw new IllegalArgumentException("AiDialect: '" + token + "' (expected one of: " + ids() + ")");
      }
      apis.add(api);
    }
    if (apis.isEmpty()) {
      throw new IllegalArgumentException("AiDialect: no dialect given (expected one or more of: " + ids() + ")");
    }
    return apis;
  }

  private static String ids() {
    return Arrays.stream(ClientApi.values()).map(ClientApi::id).collect(Collectors.joining(", "));
  }

  /** Arguments of {@code AiDialect}. */
  public static class Config {

    /** Dialect or operation names ({@link ClientApi#id()}); a request matches when it is any of them. */
    private List<String> dialects = new ArrayList<>();

    public List<String> getDialects() {
      return dialects;
    }

    public Config setDialects(List<String> dialects) {
      this.dialects = dialects;
      return this;
    }
  }
}
