package io.switchboard.ai.predicate;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code AiCapability=tools,images} (all of them), {@code AiCapability=json-schema,tools,any} (any of them): matches
 * AI requests that ask for the listed {@link Capability capabilities}, in every client dialect
 * ({@link CapabilityDetector} lists the fields that count). Names: {@code tools}, {@code images}, {@code audio},
 * {@code json-schema}, {@code json}, {@code reasoning}, {@code streaming}.
 *
 * <p>The mode is {@code all} unless the list holds {@code any} (in the shortcut, last, like {@code Path}'s trailing
 * flag; in the full form, {@code match: any}). Detection parses the body into the tree the translators share, once
 * per exchange, and keeps the result on the exchange for every other route; {@code streaming} alone needs no parse.
 * A body that is not JSON matches nothing.
 */
public class AiCapabilityRoutePredicateFactory
    extends AbstractRoutePredicateFactory<AiCapabilityRoutePredicateFactory.Config> {

  /** Exchange attribute holding the detected {@code EnumSet<Capability>} (empty when the body is not JSON). */
  public static final String DETECTED_ATTRIBUTE = AiCapabilityRoutePredicateFactory.class.getName() + ".detected";

  private static final Set<Capability> STREAMING_ONLY = EnumSet.of(Capability.STREAMING);
  private static final String ANY = "any";
  private static final String ALL = "all";

  private final AiRequestReader reader;

  public AiCapabilityRoutePredicateFactory(AiRequestReader reader) {
    super(Config.class);
    this.reader = reader;
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("capabilities");
  }

  /**
   * Every argument is gathered into {@code capabilities}, the full form's {@code match} value included, which is
   * why {@code any} and {@code all} are read from the list wherever they stand.
   */
  @Override
  public ShortcutType shortcutType() {
    return ShortcutType.GATHER_LIST;
  }

  @Override
  public Predicate<ServerWebExchange> apply(Config config) {
    throw new UnsupportedOperationException("AiCapability is asynchronous: it reads the request body");
  }

  @Override
  public AsyncPredicate<ServerWebExchange> applyAsync(Config config) {
    Spec spec = resolve(config);
    return new AsyncPredicate<>() {
      @Override
      public Mono<Boolean> apply(ServerWebExchange exchange) {
        return reader.read(exchange).map(request -> spec.test(exchange, request));
      }

      @Override
      public String toString() {
        return "AiCapability: " + (spec.any ? ANY : ALL) + " of "
            + spec.wanted.stream().map(Capability::id).collect(Collectors.joining(","));
      }
    };
  }

  /** What a configuration asks for, checked. */
  record Spec(Set<Capability> wanted, boolean any) {

    boolean test(ServerWebExchange exchange, AiRequest request) {
      // Streaming is known from the scan (or the Gemini path): asking only for it costs no parse.
      Set<Capability> found = wanted.equals(STREAMING_ONLY)
          ? (request.stream() ? wanted : Set.of())
          : detected(exchange, request);
      return any ? wanted.stream().anyMatch(found::contains) : found.containsAll(wanted);
    }
  }

  private static Set<Capability> detected(ServerWebExchange exchange, AiRequest request) {
    Set<Capability> cached = exchange.getAttribute(DETECTED_ATTRIBUTE);
    if (cached != null) {
      return cached;
    }
    Set<Capability> found;
    try {
      found = CapabilityDetector.detect(request);
    } catch (AiException notJson) {
      found = EnumSet.noneOf(Capability.class);
    }
    exchange.getAttributes().put(DETECTED_ATTRIBUTE, found);
    return found;
  }

  static Spec resolve(Config config) {
    EnumSet<Capability> wanted = EnumSet.noneOf(Capability.class);
    String mode = config.getMatch() == null ? null : config.getMatch().trim().toLowerCase(Locale.ROOT);
    for (String token : Arguments.split(config.getCapabilities())) {
      String id = token.toLowerCase(Locale.ROOT);
      if (id.equals(ANY) || id.equals(ALL)) {
        if (mode != null && !mode.equals(id)) {
          throw new IllegalArgumentException("AiCapability: both '" + mode + "' and '" + id
              + "' given (expected one match mode: any or all)");
        }
        mode = id;
        continue;
      }
      Capability capability = Capability.of(id);
      if (capability == null) {
        throw new IllegalArgumentException("AiCapability: '" + token + "' (expected one of: " + ids()
            + "; and optionally any or all)");
      }
      wanted.add(capability);
    }
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("AiCapability: no capability given (expected one or more of: " + ids()
          + ", e.g. AiCapability=tools,images)");
    }
    if (mode != null && !mode.equals(ANY) && !mode.equals(ALL)) {
      throw new IllegalArgumentException("AiCapability: match '" + config.getMatch() + "' (expected any or all)");
    }
    return new Spec(wanted, ANY.equals(mode));
  }

  private static String ids() {
    return Arrays.stream(Capability.values()).map(Capability::id).collect(Collectors.joining(", "));
  }

  /** Arguments of {@code AiCapability}. */
  public static class Config {

    /** Capability names ({@link Capability#id()}); may also hold the match mode, {@code any} or {@code all}. */
    private List<String> capabilities = new ArrayList<>();

    /** {@code all} (the default): the request asks for every listed capability; {@code any}: for at least one. */
    private @Nullable String match;

    public List<String> getCapabilities() {
      return capabilities;
    }

    public Config setCapabilities(List<String> capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    public @Nullable String getMatch() {
      return match;
    }

    public Config setMatch(@Nullable String match) {
      this.match = match;
      return this;
    }
  }
}
