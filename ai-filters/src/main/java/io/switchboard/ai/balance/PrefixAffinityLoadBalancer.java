package io.switchboard.ai.balance;

import io.switchboard.ai.request.AiRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.SelectedInstanceCallback;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Mono;

/**
 * A Spring Cloud LoadBalancer that sends each AI request to the instance most likely to hold its prompt prefix in
 * KV cache, balanced against the requests in flight ({@link PrefixAffinity}). Instances are keyed by
 * {@code host:port}, where their cache lives.
 *
 * <p>The prompt comes from the {@link AiRequest} that Spring Cloud Gateway's load balancer filter passes along in
 * the exchange attributes ({@link RequestDataContext}); the route must have read the body before, with an
 * {@code AiModel} predicate or through {@link PrefixAffinityBodyFilter}. Requests without one (other callers,
 * non-chat paths) go to the least busy instance. In-flight counts are kept by {@link PrefixAffinityInFlightFilter}
 * for the gateway's own requests.
 */
public final class PrefixAffinityLoadBalancer implements ReactorServiceInstanceLoadBalancer {

  private final ObjectProvider<ServiceInstanceListSupplier> suppliers;
  private final PrefixAffinityServices.Service service;

  public PrefixAffinityLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers,
      PrefixAffinityServices services, String serviceId) {
    this.suppliers = suppliers;
    this.service = services.service(serviceId);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Mono<Response<ServiceInstance>> choose(Request request) {
    ServiceInstanceListSupplier supplier = suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
    return supplier.get(request).next().map(instances -> {
      Response<ServiceInstance> response = choose(instances, prompt(request));
      if (supplier instanceof SelectedInstanceCallback callback && response.hasServer()) {
        callback.selectedServiceInstance(response.getServer());
      }
      return response;
    });
  }

  private Response<ServiceInstance> choose(List<ServiceInstance> instances, BlockHashes prompt) {
    if (instances.isEmpty()) {
      return new EmptyResponse();
    }
    Map<String, ServiceInstance> byKey = new HashMap<>();
    List<String> keys = new ArrayList<>(instances.size());
    for (ServiceInstance instance : instances) {
      String key = key(instance);
      if (byKey.putIfAbsent(key, instance) == null) {
        keys.add(key);
      }
    }
    String chosen = service.affinity.choose(keys, prompt, service.inFlight::get);
    service.affinity.record(chosen, prompt);
    return new Chosen(byKey.get(chosen), service, chosen);
  }

  @SuppressWarnings("rawtypes")
  private BlockHashes prompt(Request request) {
    if (request.getContext() instanceof RequestDataContext context
        && context.getClientRequest().getAttributes().get(AiRequest.ATTRIBUTE) instanceof AiRequest ai) {
      return service.affinity.hash(ai);
    }
    return BlockHashes.NONE;
  }

  /** The key of an instance's cache: {@code host:port}. */
  static String key(ServiceInstance instance) {
    return instance.getHost() + ":" + instance.getPort();
  }

  /** The chosen instance, with what {@link PrefixAffinityInFlightFilter} needs to count it. */
  static final class Chosen extends DefaultResponse {
    final PrefixAffinityServices.Service service;
    final String key;

    Chosen(ServiceInstance instance, PrefixAffinityServices.Service service, String key) {
      super(instance);
      this.service = service;
      this.key = key;
    }
  }
}
