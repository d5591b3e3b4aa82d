package io.switchboard.ai.balance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * A discrete-event simulation of prefix-aware routing: N replicas, each a KV cache modelled as an LRU set of block
 * hashes; a multi-tenant chat workload; a routing policy. Deterministic for a given {@link Workload} (seeded
 * random, events ordered by time then sequence) and bounded by the workload's conversation count.
 *
 * <p>Workload: tenants with a long shared system prompt each (tenant popularity skewed ~ 1/rank^0.8);
 * conversations start as a Poisson process, each a few turns; turn k sends the system prompt and the whole
 * history so far plus a new user message, and the next turn comes an exponential think time after the answer.
 * Service time = base + prefill of the blocks the replica missed + decode of the answer, so a cache miss keeps a
 * replica busy longer and in-flight load matters. Every replica serves any number of requests at once
 * (continuous batching); the cache admits a prompt's blocks when the request is dispatched.
 *
 * <p>Hit rate = leading blocks found in the chosen replica's cache ÷ prompt blocks, over all requests (engines
 * reuse only a cached prefix). The <em>ceiling</em> is the hit rate of one unlimited cache that sees every
 * request: a block hits iff any earlier request carried it. No policy can beat it, which makes it stricter than a
 * pooled cache of the cluster's total capacity (also reported). Load imbalance = max ÷ mean over replicas, both of
 * requests served and of time-averaged requests in flight.
 */
final class PrefixRoutingSimulator {

  /** The simulated cluster and traffic. Characters, blocks and seconds. */
  record Workload(long seed, int replicas, int capacityBlocks, int blockChars, int tenants, int systemChars,
      int conversations, int minTurns, int maxTurns, int userChars, int answerChars, double conversationsPerSecond,
      double meanThinkSeconds, double baseSeconds, double prefillSecondsPerBlock, double decodeSecondsPerChar) {

    /** The workload the docs quote: 8 replicas, 16 tenants, 1,500 conversations (~9,000 requests). */
    static Workload standard() {
      return new Workload(Long.getLong("sim.seed", 42), 8, Integer.getInteger("sim.capacity", 2048), 64,
          Integer.getInteger("sim.tenants", 48), 6000, 1500, 2, 10, 400, 800,
          Double.parseDouble(System.getProperty("sim.rate", "1.6")), 5, 0.05, 0.01, 0.005);
    }

    /** The same shape at a size a unit test affords. */
    Workload withConversations(int count) {
      return new Workload(seed, replicas, capacityBlocks, blockChars, tenants, systemChars, count, minTurns,
          maxTurns, userChars, answerChars, conversationsPerSecond, meanThinkSeconds, baseSeconds,
          prefillSecondsPerBlock, decodeSecondsPerChar);
    }
  }

  /** What one policy achieved. */
  record Result(String policy, long requests, long promptBlocks, long hitBlocks, double maxMeanRequests,
      double maxMeanInFlight, double meanInFlight) {

    double hitRate() {
      return promptBlocks == 0 ? 0 : (double) hitBlocks / promptBlocks;
    }
  }

  /** The ceilings of a workload: one unlimited cache, and one LRU cache of the whole cluster's capacity. */
  record Ceiling(double unlimited, double pooled) {
  }

  /** A routing policy: picks a replica for each request and hears where it went. */
  interface Policy {
    String name();

    String choose(List<String> replicas, BlockHashes prompt, ToIntFunction<String> inFlight);
  }

  static Policy roundRobin() {
    return new Policy() {
      private int next;

      public String name() {
        return "round-robin";
      }

      public String choose(List<String> replicas, BlockHashes prompt, ToIntFunction<String> inFlight) {
        return replicas.get(next++ % replicas.size());
      }
    };
  }

  static Policy leastBusy() {
    return new Policy() {
      private int start;

      public String name() {
        return "least-busy";
      }

      public String choose(List<String> replicas, BlockHashes prompt, ToIntFunction<String> inFlight) {
        String best = null;
        int n = replicas.size();
        start++;
        for (int i = 0; i < n; i++) { // rotate the start so ties spread
          String r = replicas.get((start + i) % n);
          if (best == null || inFlight.applyAsInt(r) < inFlight.applyAsInt(best)) {
            best = r;
          }
        }
        return best;
      }
    };
  }

  static Policy prefixAffinity(PrefixAffinity affinity) {
    return new Policy() {
      public String name() {
        return "prefix-affinity";
      }

      public String choose(List<String> replicas, BlockHashes prompt, ToIntFunction<String> inFlight) {
        String key = affinity.choose(replicas, prompt, inFlight);
        affinity.record(key, prompt);
        return key;
      }
    };
  }

  /** The prompts of the workload in dispatch order need a policy to be known; hashing is shared by all runs. */
  private final Workload w;
  private final PrefixAffinity hasher;
  private final List<String> systemPrompts = new ArrayList<>();
  private final List<Conversation> conversations = new ArrayList<>();

  PrefixRoutingSimulator(Workload workload) {
    this.w = workload;
    this.hasher = new PrefixAffinity(settings(workload));
    Random random = new Random(workload.seed());
    double[] weights = new double[workload.tenants()];
    double total = 0;
    for (int t = 0; t < weights.length; t++) {
      systemPrompts.add(text(random, workload.systemChars()));
      weights[t] = Math.pow(t + 1, -0.8);
      total += weights[t];
    }
    double start = 0;
    for (int c = 0; c < workload.conversations(); c++) {
      start += exponential(random, 1 / workload.conversationsPerSecond());
      int tenant = pick(random, weights, total);
      int turns = workload.minTurns() + random.nextInt(workload.maxTurns() - workload.minTurns() + 1);
      conversations.add(new Conversation(c, tenant, turns, start));
    }
  }

  /** The router settings of a workload: its block size, and as capacity the replicas' own. */
  static PrefixAffinitySettings settings(Workload w) {
    PrefixAffinitySettings d = PrefixAffinitySettings.DEFAULTS;
    return new PrefixAffinitySettings(w.blockChars(), d.maxBlocks(), w.capacityBlocks(), d.maxReplicas(),
        d.loadWeight(), d.imbalanceTolerance(), d.imbalanceSlack());
  }

  Result run(Policy policy) {
    List<String> replicas = new ArrayList<>();
    Map<String, Integer> slot = new LinkedHashMap<>();
    for (int r = 0; r < w.replicas(); r++) {
      replicas.add("replica-" + r);
      slot.put(replicas.get(r), r);
    }
    List<Lru> caches = new ArrayList<>();
    for (int r = 0; r < w.replicas(); r++) {
      caches.add(new Lru(w.capacityBlocks()));
    }
    int[] inFlight = new int[w.replicas()];
    long[] served = new long[w.replicas()];
    double[] busyArea = new double[w.replicas()];
    PriorityQueue<Event> events = new PriorityQueue<>();
    long seq = 0;
    for (Conversation c : conversations) {
      events.add(new Event(c.start, seq++, c, -1));
    }
    long requests = 0;
    long blocks = 0;
    long hits = 0;
    double last = 0;
    while (!events.isEmpty()) {
      Event e = events.poll();
      for (int r = 0; r < inFlight.length; r++) {
        busyArea[r] += inFlight[r] * (e.time - last);
      }
      last = e.time;
      Conversation c = e.conversation;
      if (e.replica >= 0) { // an answer completes
        inFlight[e.replica]--;
        c.history.append(c.pendingAnswer);
        if (c.turn < c.turns) {
          events.add(new Event(e.time + exponential(c.words, w.meanThinkSeconds()), seq++, c, -1));
        }
        continue;
      }
      c.turn++;
      c.history.append('\u001e').append("user\u001f").append(c.text(w.userChars()));
      BlockHashes prompt = hasher.hash("model", prompt(c));
      int chosen = slot.get(policy.choose(replicas, prompt, key -> inFlight[slot.get(key)]));
      int hit = caches.get(chosen).admit(prompt);
      requests++;
      blocks += prompt.size();
      hits += hit;
      served[chosen]++;
      inFlight[chosen]++;
      int answerChars = w.answerChars() / 2 + c.words.nextInt(w.answerChars() + 1);
      c.pendingAnswer = "\u001eassistant\u001f" + c.text(answerChars);
      double service = w.baseSeconds() + (prompt.size() - hit) * w.prefillSecondsPerBlock()
          + answerChars * w.decodeSecondsPerChar();
      events.add(new Event(e.time + service, seq++, c, chosen));
    }
    conversations.forEach(Conversation::reset);
    return new Result(policy.name(), requests, blocks, hits, maxOverMean(served), maxOverMean(busyArea),
        sum(busyArea) / w.replicas() / last);
  }

  /** Replays the workload (round-robin order; the ceilings do not depend on the policy) against the ceilings. */
  Ceiling ceiling() {
    Set<Long> unlimited = new HashSet<>();
    Lru pooled = new Lru(w.capacityBlocks() * w.replicas());
    long blocks = 0;
    long unlimitedHits = 0;
    long pooledHits = 0;
    for (BlockHashes prompt : dispatchOrder()) {
      blocks += prompt.size();
      int n = 0;
      while (n < prompt.size() && unlimited.contains(prompt.get(n))) {
        n++;
      }
      unlimitedHits += n;
      for (int i = 0; i < prompt.size(); i++) {
        unlimited.add(prompt.get(i));
      }
      pooledHits += pooled.admit(prompt);
    }
    return new Ceiling((double) unlimitedHits / blocks, (double) pooledHits / blocks);
  }

  /** The prompts in the order a run dispatches them (timing depends on hits, so it is taken from a real run). */
  private List<BlockHashes> dispatchOrder() {
    List<BlockHashes> order = new ArrayList<>();
    Policy recorder = new Policy() {
      private final Policy delegate = roundRobin();

      public String name() {
        return "recorder";
      }

      public String choose(List<String> replicas, BlockHashes prompt, ToIntFunction<String> inFlight) {
        order.add(prompt);
        return delegate.choose(replicas, prompt, inFlight);
      }
    };
    run(recorder);
    return order;
  }

  private CharSequence prompt(Conversation c) {
    return new StringBuilder(systemPrompts.get(c.tenant).length() + c.history.length() + 16)
        .append("\u001esystem\u001f").append(systemPrompts.get(c.tenant)).append(c.history);
  }

  private static String text(Random random, int chars) {
    StringBuilder out = new StringBuilder(chars);
    while (out.length() < chars) {
      int word = 2 + random.nextInt(8);
      for (int i = 0; i < word; i++) {
        out.append((char) ('a' + random.nextInt(26)));
      }
      out.append(' ');
    }
    return out.substring(0, chars);
  }

  private static double exponential(Random random, double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  private static int pick(Random random, double[] weights, double total) {
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double maxOverMean(long[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return maxOverMean(d);
  }

  private static double maxOverMean(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    double mean = sum(values) / values.length;
    return mean == 0 ? 1 : max / mean;
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** A replica's KV cache: an LRU set of block hashes; a prompt hits on its leading cached blocks. */
  static final class Lru {
    private final LinkedHashMap<Long, Boolean> blocks;

    Lru(int capacity) {
      blocks = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > capacity;
        }
      };
    }

    /** Counts the leading blocks present, then caches the whole prompt (tail least recent, as vLLM frees). */
    int admit(BlockHashes prompt) {
      int n = 0;
      while (n < prompt.size() && blocks.containsKey(prompt.get(n))) {
        n++;
      }
      for (int i = prompt.size() - 1; i >= 0; i--) {
        blocks.put(prompt.get(i), Boolean.TRUE);
      }
      return n;
    }
  }

  private static final class Conversation {
    final int id;
    final int tenant;
    final int turns;
    final double start;
    final StringBuilder history = new StringBuilder();
    Random words;
    int turn;
    String pendingAnswer;

    Conversation(int id, int tenant, int turns, double start) {
      this.id = id;
      this.tenant = tenant;
      this.turns = turns;
      this.start = start;
      reset();
    }

    /**
     * The conversation's own words, answer lengths and think times: the same in every run whatever the policy
     * and the interleaving of conversations, so every policy serves the same prompts.
     */
    String text(int chars) {
      return PrefixRoutingSimulator.text(words, chars);
    }

    void reset() {
      history.setLength(0);
      words = new Random(id * 7919L + 17);
      turn = 0;
    }
  }

  private record Event(double time, long seq, Conversation conversation, int replica) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int byTime = Double.compare(time, o.time);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  /** Runs the standard workload (or {@code args[0]} conversations) and prints the table the docs quote. */
  public static void main(String[] args) {
    Workload workload = Workload.standard();
    if (args.length > 0) {
      workload = workload.withConversations(Integer.parseInt(args[0]));
    }
    System.out.println(report(workload));
  }

  static String report(Workload workload) {
    PrefixRoutingSimulator sim = new PrefixRoutingSimulator(workload);
    Ceiling ceiling = sim.ceiling();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "ceiling: unlimited cache %.1f %%, pooled LRU of %d blocks %.1f %%%n%n",
        ceiling.unlimited() * 100, workload.capacityBlocks() * workload.replicas(), ceiling.pooled() * 100));
    out.append("| policy | requests | hit rate | ÷ ceiling | max/mean requests | max/mean in flight "
        + "| mean in flight |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Policy policy : List.of(roundRobin(), leastBusy(), prefixAffinity(new PrefixAffinity(settings(workload))))) {
      Result r = sim.run(policy);
      out.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% | %.2f | %.2f | %.1f |%n", r.policy(),
          r.requests(), r.hitRate() * 100, r.hitRate() / ceiling.unlimited() * 100, r.maxMeanRequests(),
          r.maxMeanInFlight(), r.meanInFlight()));
    }
    return out.toString();
  }
}
