package io.switchboard.ai.balance;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The state of every load-balanced service that uses prefix affinity: per service, its own {@link PrefixAffinity}
 * index and its own in-flight counts. Shared by the per-service load balancers (which live in Spring Cloud
 * LoadBalancer's child contexts) and the gateway filters (which live in the gateway's context).
 */
public final class PrefixAffinityServices {

  /** One service's index and in-flight counts. */
  static final class Service {
    final PrefixAffinity affinity;
    final InFlight inFlight = new InFlight();

    Service(PrefixAffinitySettings settings) {
      this.affinity = new PrefixAffinity(settings);
    }
  }

  private final Set<String> names;
  private final PrefixAffinitySettings settings;
  private final Map<String, Service> services = new ConcurrentHashMap<>();

  public PrefixAffinityServices(Collection<String> names, PrefixAffinitySettings settings) {
    this.names = names.stream().map(PrefixAffinityServices::normalize).collect(Collectors.toUnmodifiableSet());
    this.settings = settings;
  }

  /** Whether {@code serviceId} opted in ({@code ai.load-balancing.prefix-affinity.services}). */
  public boolean enabled(@Nullable String serviceId) {
    return serviceId != null && names.contains(normalize(serviceId));
  }

  /** The state of an opted-in service. */
  Service service(String serviceId) {
    if (!enabled(serviceId)) {
      throw new IllegalArgumentException("prefix affinity is not enabled for service " + serviceId);
    }
    return services.computeIfAbsent(normalize(serviceId), id -> new Service(settings));
  }

  /** Requests in flight that this gateway sent to {@code instanceKey} ({@code host:port}) of a service. */
  public int inFlight(String serviceId, String instanceKey) {
    return enabled(serviceId) ? service(serviceId).inFlight.get(instanceKey) : 0;
  }

  static String normalize(String serviceId) {
    return serviceId.toLowerCase(Locale.ROOT);
  }
}
