package io.switchboard.ai.routing;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.vertex.VertexChatTranslator;
import io.switchboard.ai.request.Dialect;
import java.util.Map;

/**
 * The provider chat translators of the routing engine, by dialect, and the choice of one for a call: the dialect's
 * own, or on Vertex AI the model publisher's adapted to Vertex's addresses and bodies ({@link VertexChatTranslator}).
 */
final class ChatTranslators {

  private final Map<Dialect, ChatTranslator> byDialect;

  ChatTranslators(Map<Dialect, ChatTranslator> byDialect) {
    this.byDialect = Map.copyOf(byDialect);
  }

  /**
   * The translator of a dialect as installed, e.g. to watch a same-dialect stream.
   *
   * @throws AiException (500 {@code no_translator}) when none is installed
   */
  ChatTranslator of(Dialect dialect) {
    ChatTranslator translator = byDialect.get(dialect);
    if (translator == null) {
      throw new AiException(500, "server_error", "no_translator", null,
          "No translator is installed for " + dialect + ".", null);
    }
    return translator;
  }

  /**
   * The translator for a call to a provider.
   *
   * @param dialect the call's dialect, {@link Provider#dialect(String)} of the upstream model
   */
  ChatTranslator forCall(Provider provider, Dialect dialect) {
    ChatTranslator translator = of(dialect);
    Provider.VertexSettings vertex = provider.vertex();
    return vertex == null ? translator : new VertexChatTranslator(vertex.project(), vertex.region(), translator);
  }
}
