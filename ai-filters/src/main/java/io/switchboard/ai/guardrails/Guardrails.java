package io.switchboard.ai.guardrails;

import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.request.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

/**
 * Compiles guardrail policies: the named ones of {@code ai.guardrails.policies} once at startup (every problem named
 * with its property path, so a bad regex, an unknown check or provider stops the application), and the inline ones
 * of each {@code AiGuardrails} filter.
 */
public final class Guardrails {

  /** Check types, as written in configuration. */
  public static final List<String> TYPES = List.of("pii", "keywords", "regex", "injection", "max-size", "moderation",
      "classifier", "topics", "json-schema");

  private static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(2);

  private final ProviderRegistry providers;
  private final HttpClient http;
  private final long checkTimeoutNanos;
  private final int maxScanChars;
  private final Map<String, Policy> named = new LinkedHashMap<>();

  public Guardrails(GuardrailsProperties properties, ProviderRegistry providers, HttpClient http) {
    this.providers = providers;
    this.http = http;
    if (properties.getCheckTimeout() == null || properties.getCheckTimeout().isNegative()
        || properties.getCheckTimeout().isZero()) {
      throw new IllegalArgumentException("ai.guardrails.check-timeout: " + properties.getCheckTimeout()
          + " (expected: a positive duration)");
    }
    if (properties.getMaxScanChars() <= 0) {
      throw new IllegalArgumentException("ai.guardrails.max-scan-chars: " + properties.getMaxScanChars()
          + " (expected: > 0)");
    }
    this.checkTimeoutNanos = properties.getCheckTimeout().toNanos();
    this.maxScanChars = properties.getMaxScanChars();
    properties.getPolicies().forEach((name, spec) ->
        named.put(name, compile(name, spec, "ai.guardrails.policies." + name)));
  }

  long checkTimeoutNanos() {
    return checkTimeoutNanos;
  }

  int maxScanChars() {
    return maxScanChars;
  }

  /** The named policy, or {@code null}. */
  @Nullable Policy policy(String name) {
    return named.get(name);
  }

  public java.util.Set<String> policyNames() {
    return named.keySet();
  }

  /**
   * Compiles a policy.
   *
   * @param where the property path problems are named with
   * @throws IllegalArgumentException naming the property and what is wrong
   */
  Policy compile(String name, GuardrailsProperties.PolicySpec spec, String where) {
    if (spec.getWindow() < 16 || spec.getWindow() > 4096) {
      throw new IllegalArgumentException(where + ".window: " + spec.getWindow() + " (expected: 16 to 4096)");
    }
    return new Policy(name, checks(name, spec.getInput(), "input", where), checks(name, spec.getOutput(), "output",
        where), spec.isRestore(), spec.getWindow());
  }

  private List<GuardCheck> checks(String policy, List<GuardrailsProperties.CheckSpec> specs, String stage,
      String where) {
    List<GuardCheck> checks = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      String at = where + "." + stage + "[" + i + "]";
      try {
        checks.add(check(policy, specs.get(i), stage));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "." + e.getMessage(), e);
      }
    }
    return List.copyOf(checks);
  }

  private GuardCheck check(String policy, GuardrailsProperties.CheckSpec spec, String stage) {
    String type = spec.getType() == null ? "" : spec.getType().trim().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("type: " + spec.getType() + " (expected one of: " + TYPES + ")");
    }
    Action action = Action.parse(spec.getAction());
    boolean failOpen = switch (spec.getOnError() == null ? "" : spec.getOnError().trim().toLowerCase(Locale.ROOT)) {
      case "fail-open" -> true;
      case "fail-closed" -> false;
      default -> throw new IllegalArgumentException("on-error: " + spec.getOnError()
          + " (expected: fail-open, fail-closed)");
    };
    String name = spec.getName() == null || spec.getName().isBlank() ? type : spec.getName().trim();
    TextCheck text = null;
    RemoteCheck remote = null;
    JsonSchemaCheck schema = null;
    Duration timeout = spec.getTimeout() == null ? DEFAULT_REMOTE_TIMEOUT : spec.getTimeout();
    switch (type) {
      case "pii" -> {
        EnumSet<Pii.Entity> entities = EnumSet.noneOf(Pii.Entity.class);
        for (String e : spec.getEntities()) {
          try {
            entities.add(Pii.Entity.parse(e));
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("entities: " + ex.getMessage());
          }
        }
        text = new Pii(entities);
      }
      case "keywords" -> text = DenyList.keywords(spec.getKeywords());
      case "regex" -> text = DenyList.patterns(spec.getPatterns());
      case "injection" -> {
        try {
          text = new Injection(spec.getThreshold() == null ? 0.5 : spec.getThreshold());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(e.getMessage());
        }
      }
      case "max-size" -> {
        if (spec.getMaxChars() == null) {
          throw new IllegalArgumentException("max-chars: missing (expected: the largest size in characters)");
        }
        text = new MaxSize(spec.getMaxChars());
      }
      case "moderation", "classifier", "topics" -> {
        if (!stage.equals("input")) {
          throw new IllegalArgumentException("type: " + type + " (expected: only in input checks; answers are "
              + "checked in process, event by event)");
        }
        Provider provider = provider(spec);
        String model = spec.getModel() == null ? "" : spec.getModel().trim();
        if (!type.equals("moderation") && model.isEmpty()) {
          throw new IllegalArgumentException("model: missing (expected: the model to ask)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
          throw new IllegalArgumentException("timeout: " + timeout + " (expected: a positive duration)");
        }
        remote = switch (type) {
          case "moderation" -> ProviderChecks.moderation(http, provider, model, List.copyOf(spec.getCategories()),
              timeout);
          case "classifier" -> ProviderChecks.classifier(http, provider, model,
              spec.getThreshold() == null ? 0.5 : spec.getThreshold(), timeout);
          default -> {
            if (spec.getAllow().isEmpty() && spec.getDeny().isEmpty()) {
              throw new IllegalArgumentException("allow: empty, and deny too (expected: topics in one of them)");
            }
            yield ProviderChecks.topics(http, provider, model, List.copyOf(spec.getAllow()),
                List.copyOf(spec.getDeny()), timeout);
          }
        };
      }
      case "json-schema" -> {
        if (!stage.equals("output")) {
          throw new IllegalArgumentException("type: json-schema (expected: only in output checks)");
        }
        schema = new JsonSchemaCheck(spec.isReask());
      }
      default -> throw new IllegalStateException(type);
    }
    if (action == Action.REDACT && (text == null || !text.locates())) {
      throw new IllegalArgumentException("action: redact (expected: block or flag; a " + type
          + " check does not say where it matched)");
    }
    if (spec.isReask() && (schema == null || action != Action.BLOCK)) {
      throw new IllegalArgumentException("reask: true (only for a json-schema check with action block)");
    }
    return new GuardCheck(policy, name, stage, action, failOpen, text, remote, schema);
  }

  private Provider provider(GuardrailsProperties.CheckSpec spec) {
    Provider provider = spec.getProvider() == null ? null : providers.find(spec.getProvider().trim());
    if (provider == null) {
      throw new IllegalArgumentException("provider: " + spec.getProvider()
          + " (expected: a provider declared under ai.providers: " + providers.ids() + ")");
    }
    if (provider.type().dialect() != Dialect.OPENAI) {
      throw new IllegalArgumentException("provider: " + spec.getProvider()
          + " (expected: a provider speaking the OpenAI dialect, for /moderations and /chat/completions)");
    }
    return provider;
  }
}
