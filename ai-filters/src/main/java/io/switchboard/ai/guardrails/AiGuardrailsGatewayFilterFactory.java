package io.switchboard.ai.guardrails;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.request.Operation;
import io.switchboard.ai.routing.AnswerTap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code AiGuardrails}: runs guardrail policies over a route's AI requests and answers. Policies are named
 * ({@code ai.guardrails.policies.<name>}) and/or written inline; their checks run in order, policies in the order
 * listed, the inline one last. See docs/guardrails.md.
 *
 * <pre>
 * filters:
 *   - name: AiGuardrails
 *     args:
 *       policies: [pii-strict, no-injection]
 *       input:
 *         - {type: keywords, keywords: [project-x], action: block}
 * </pre>
 *
 * Runs before budgets and rate limits' reservations ({@link #ORDER}), so a blocked request costs nothing.
 */
public class AiGuardrailsGatewayFilterFactory
    extends AbstractGatewayFilterFactory<AiGuardrailsGatewayFilterFactory.Config> {

  /**
   * After {@code AiAuth} and the other positional filters; before {@code AiSemanticCache} (4000: a request the
   * guardrails block or redact is never answered from the cache, and the cache stores the guarded answer), the rate
   * limiter (4500) and {@code AiBudget} (5000).
   */
  public static final int ORDER = 3_500;

  private final Guardrails guardrails;
  private final AiRequestReader reader;

  public AiGuardrailsGatewayFilterFactory(Guardrails guardrails, AiRequestReader reader) {
    super(Config.class);
    this.guardrails = guardrails;
    this.reader = reader;
  }

  @Override
  public GatewayFilter apply(Config config) {
    List<Policy> policies = build(config);
    return new GuardrailsFilter(policies);
  }

  /**
   * Checks a route definition's arguments as the gateway will bind them (startup validation). Returns the problem,
   * or null when they are valid.
   */
  public @Nullable String validate(String routeId, Map<String, String> args) {
    try {
      Config config = new Binder(new MapConfigurationPropertySource(args)).bindOrCreate("", Config.class);
      config.setRouteId(routeId);
      build(config);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return "AiGuardrails: " + e.getMessage();
    }
  }

  List<Policy> build(Config config) {
    List<Policy> policies = new ArrayList<>();
    for (String name : config.getPolicies()) {
      Policy policy = guardrails.policy(name.trim());
      if (policy == null) {
        throw new IllegalArgumentException("AiGuardrails: policies: " + name
            + " (expected a policy declared under ai.guardrails.policies: " + guardrails.policyNames() + ")");
      }
      policies.add(policy);
    }
    if (!config.getInput().isEmpty() || !config.getOutput().isEmpty()) {
      GuardrailsProperties.PolicySpec inline = new GuardrailsProperties.PolicySpec();
      inline.setInput(config.getInput());
      inline.setOutput(config.getOutput());
      inline.setRestore(config.isRestore());
      inline.setWindow(config.getWindow());
      String name = config.getRouteId() == null ? "inline" : config.getRouteId();
      policies.add(guardrails.compile(name, inline, "AiGuardrails"));
    } else if (config.isRestore()) {
      throw new IllegalArgumentException("AiGuardrails: restore: true without inline checks (expected: set restore "
          + "on the policy that redacts)");
    }
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("AiGuardrails: no policies and no inline checks (expected: policies: "
          + "[<name>] and/or input/output checks)");
    }
    return List.copyOf(policies);
  }

  private final class GuardrailsFilter implements GatewayFilter, Ordered {
    private final List<Policy> policies;
    private final boolean hasOutput;
    private final boolean hasSchema;

    GuardrailsFilter(List<Policy> policies) {
      this.policies = policies;
      this.hasOutput = policies.stream().anyMatch(p -> !p.output().isEmpty());
      this.hasSchema = policies.stream().flatMap(p -> p.output().stream()).anyMatch(c -> c.schema() != null);
    }

    @Override
    public int getOrder() {
      return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      return reader.read(exchange)
          .flatMap(request -> guard(exchange, chain, request))
          .onErrorResume(AiException.class, e -> AiErrorResponder.write(exchange, e));
    }

    private Mono<Void> guard(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request) {
      Endpoint endpoint = request.endpoint();
      if (endpoint == null || endpoint.operation() == Operation.COUNT_TOKENS) {
        return chain.filter(exchange);
      }
      ObjectNode tree;
      try {
        tree = request.tree();
      } catch (AiException e) {
        return chain.filter(exchange); // an invalid body: the routing engine answers it
      }
      List<GuardrailVerdicts.Verdict> verdicts = GuardrailVerdicts.list(exchange);
      GuardrailRun run = new GuardrailRun(policies, guardrails, verdicts, endpoint.dialect());
      exchange.getResponse().beforeCommit(() -> {
        String header = GuardrailVerdicts.header(verdicts);
        if (header != null) {
          exchange.getResponse().getHeaders().set(GuardrailVerdicts.HEADER, header);
        }
        return Mono.empty();
      });
      return run.input(endpoint.operation(), tree).flatMap(modified -> {
        ServerWebExchange next = modified
            ? reader.replaceBody(exchange, request, Json.MAPPER.writeValueAsBytes(tree)) : exchange;
        if (hasSchema && endpoint.operation() == Operation.CHAT) {
          run.schema = JsonSchemaCheck.schemaOf(endpoint.dialect(), tree);
          run.requestTree = run.schema == null ? null : tree;
        }
        if (endpoint.operation() == Operation.CHAT && (hasOutput || (run.restore && !run.placeholders.isEmpty()))) {
          AnswerTap.register(exchange, start -> new OutputTap(run, start.stream()));
        }
        return chain.filter(next);
      });
    }

    @Override
    public String toString() {
      return "[AiGuardrails " + policies.stream().map(Policy::name).toList() + "]";
    }
  }

  /** Arguments of {@code AiGuardrails}. */
  public static class Config implements HasRouteId {
    private @Nullable String routeId;
    /** Named policies ({@code ai.guardrails.policies}), run in this order. */
    private List<String> policies = new ArrayList<>();
    /** Inline checks, run after the named policies'. */
    private List<GuardrailsProperties.CheckSpec> input = new ArrayList<>();
    private List<GuardrailsProperties.CheckSpec> output = new ArrayList<>();
    private boolean restore;
    private int window = 128;

    @Override
    public void setRouteId(String routeId) {
      this.routeId = routeId;
    }

    @Override
    public @Nullable String getRouteId() {
      return routeId;
    }

    public List<String> getPolicies() {
      return policies;
    }

    public Config setPolicies(List<String> policies) {
      this.policies = policies;
      return this;
    }

    public List<GuardrailsProperties.CheckSpec> getInput() {
      return input;
    }

    public void setInput(List<GuardrailsProperties.CheckSpec> input) {
      this.input = input;
    }

    public List<GuardrailsProperties.CheckSpec> getOutput() {
      return output;
    }

    public void setOutput(List<GuardrailsProperties.CheckSpec> output) {
      this.output = output;
    }

    public boolean isRestore() {
      return restore;
    }

    public void setRestore(boolean restore) {
      this.restore = restore;
    }

    public int getWindow() {
      return window;
    }

    public void setWindow(int window) {
      this.window = window;
    }
  }
}
