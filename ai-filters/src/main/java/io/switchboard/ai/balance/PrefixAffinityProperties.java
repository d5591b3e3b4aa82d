package io.switchboard.ai.balance;

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

  /** ... unless it is within this many requests of the mean (low load). */
  private double imbalanceSlack = D.imbalanceSlack();

  /** The engine settings these properties describe; fails on out-of-range values. */
  public PrefixAffinitySettings toSettings() {
    return new PrefixAffinitySettings(blockChars, maxBlocks, capacityBlocks, maxReplicas, loadWeight,
        imbalanceTolerance, imbalanceSlack);
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
