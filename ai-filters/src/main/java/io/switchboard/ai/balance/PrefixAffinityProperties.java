package io.switchboard.ai.balance;

import io.switchboard.ai.provider.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ai.load-balancing.prefix-affinity.*}: which Spring Cloud LoadBalancer services ({@code lb://<service>}
 * routes) choose their instance by prompt-cache affinity, and how (see {@link PrefixAffinitySettings}).
 */
@ConfigurationProperties("ai.load-balancing.prefix-affinity")
public class PrefixAffinityProperties {

  /** Property naming the services, read by the per-service load balancer configuration too. */
  public static final String SERVICES = "ai.load-balancing.prefix-affinity.services";

  private static final PrefixAffinitySettings D = PrefixAffinitySettings.DEFAULTS;

  /** Service ids (as in {@code lb://<service>}, case-insensitive) that use the prefix-affinity load balancer. */
  private List<String> services = new ArrayList<>();

  /** Characters per prompt block (about 4 characters per token; 64 ≈ vLLM's 16-token block). */
  private int blockChars = D.blockChars();

  /** Blocks hashed per prompt at most. */
  private int maxBlocks = D.maxBlocks();

  /** Blocks remembered per instance: about the instance's KV cache size in blocks. */
  private int capacityBlocks = D.capacityBlocks();

  /** Instances remembered per service at most. */
  private int maxReplicas = D.maxReplicas();

  /** Weight of in-flight load against the matched prefix share. */
  private double loadWeight = D.loadWeight();

  /** An instance above mean × (1 + tolerance) requests in flight is not chosen for affinity. */
  private double imbalanceTolerance = D.imbalanceTolerance();

  /** Requests above the mean an instance may always have, so that low load does not count as imbalance. */
  private double imbalanceSlack = D.imbalanceSlack();

  /**
   * The engine settings these properties describe.
   *
   * @throws InvalidConfigurationException naming the properties when a value is out of range
   */
  public PrefixAffinitySettings toSettings() {
    try {
      return new PrefixAffinitySettings(blockChars, maxBlocks, capacityBlocks, maxReplicas, loadWeight,
          imbalanceTolerance, imbalanceSlack);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("Invalid ai.load-balancing.prefix-affinity settings",
          List.of(e.getMessage() + " (block-chars, max-blocks, capacity-blocks, max-replicas: > 0; load-weight, "
              + "imbalance-tolerance, imbalance-slack: finite, >= 0)"));
    }
  }

  public List<String> getServices() {
    return services;
  }

  public void setServices(List<String> services) {
    this.services = services;
  }

  public int getBlockChars() {
    return blockChars;
  }

  public void setBlockChars(int blockChars) {
    this.blockChars = blockChars;
  }

  public int getMaxBlocks() {
    return maxBlocks;
  }

  public void setMaxBlocks(int maxBlocks) {
    this.maxBlocks = maxBlocks;
  }

  public int getCapacityBlocks() {
    return capacityBlocks;
  }

  public void setCapacityBlocks(int capacityBlocks) {
    this.capacityBlocks = capacityBlocks;
  }

  public int getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(int maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public double getLoadWeight() {
    return loadWeight;
  }

  public void setLoadWeight(double loadWeight) {
    this.loadWeight = loadWeight;
  }

  public double getImbalanceTolerance() {
    return imbalanceTolerance;
  }

  public void setImbalanceTolerance(double imbalanceTolerance) {
    this.imbalanceTolerance = imbalanceTolerance;
  }

  public double getImbalanceSlack() {
    return imbalanceSlack;
  }

  public void setImbalanceSlack(double imbalanceSlack) {
    this.imbalanceSlack = imbalanceSlack;
  }
}
