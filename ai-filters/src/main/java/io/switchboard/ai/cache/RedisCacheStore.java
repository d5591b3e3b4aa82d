package io.switchboard.ai.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store shared by gateway instances: one Redis string per entry ({@code <prefix>e:<key>}, the serialized
 * {@link CachedAnswer}, gzip-compressed when large, with the entry's TTL), a lock per key being answered
 * ({@code <prefix>l:<key>}, {@code SET NX PX}), and for semantic entries their keys in a set
 * ({@code <prefix>semantic}) plus a pub/sub channel ({@code <prefix>semantic}) that tells the other instances to add
 * a new entry's vector to their in-process index. Redis failures are misses: the cache never fails a request.
 */
public final class RedisCacheStore implements CacheStore {

  private static final Logger log = LoggerFactory.getLogger(RedisCacheStore.class);

  private final ReactiveRedisTemplate<String, byte[]> redis;
  private final String prefix;
  private final long compressAbove;
  private final Duration timeout = Duration.ofSeconds(2);

  public RedisCacheStore(ReactiveRedisConnectionFactory connections, String prefix, long compressAbove) {
    RedisSerializationContext<String, byte[]> context = RedisSerializationContext
        .<String, byte[]>newSerializationContext(RedisSerializer.string())
        .value(RedisSerializer.byteArray())
        .build();
    this.redis = new ReactiveRedisTemplate<>(connections, context);
    this.prefix = prefix;
    this.compressAbove = compressAbove;
  }

  private String entry(String key) {
    return prefix + "e:" + key;
  }

  private String semanticSet() {
    return prefix + "semantic";
  }

  @Override
  public Mono<CachedAnswer> get(String key) {
    return redis.opsForValue().get(entry(key)).timeout(timeout).map(CachedAnswer::fromBytes)
        .onErrorResume(e -> {
          log.warn("cache: Redis read failed ({}); treating as a miss", e.toString());
          return Mono.empty();
        });
  }

  @Override
  public Mono<Void> put(String key, CachedAnswer answer, Duration ttl) {
    Mono<Boolean> set = redis.opsForValue().set(entry(key), answer.toBytes(compressAbove), ttl);
    if (answer.vector() != null) {
      set = set.flatMap(ok -> redis.opsForSet().add(semanticSet(), key.getBytes(StandardCharsets.UTF_8)))
          .flatMap(n -> redis.convertAndSend(semanticSet(), key.getBytes(StandardCharsets.UTF_8)))
          .thenReturn(true);
    }
    return set.timeout(timeout).onErrorResume(e -> {
      log.warn("cache: Redis write failed ({}); answer not cached", e.toString());
      return Mono.empty();
    }).then();
  }

  @Override
  public Mono<Boolean> tryLock(String key, Duration ttl) {
    return redis.opsForValue().setIfAbsent(prefix + "l:" + key, new byte[] {1}, ttl).timeout(timeout)
        .onErrorReturn(true);
  }

  @Override
  public Mono<Boolean> locked(String key) {
    return redis.hasKey(prefix + "l:" + key).timeout(timeout).onErrorReturn(false);
  }

  @Override
  public Mono<Void> unlock(String key) {
    return redis.delete(prefix + "l:" + key).timeout(timeout).onErrorResume(e -> Mono.empty()).then();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Flux<Keyed> published() {
    return redis.listenToChannel(semanticSet())
        .map(message -> new String(message.getMessage(), StandardCharsets.UTF_8))
        .concatMap(key -> get(key).map(answer -> new Keyed(key, answer)))
        .onErrorResume(e -> {
          log.warn("cache: Redis subscription failed ({}); semantic entries of other instances are not seen",
              e.toString());
          return Flux.empty();
        });
  }

  @Override
  public Flux<Keyed> vectors() {
    return redis.opsForSet().members(semanticSet())
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .concatMap(key -> get(key).map(answer -> new Keyed(key, answer))
            .switchIfEmpty(redis.opsForSet().remove(semanticSet(), (Object) key.getBytes(StandardCharsets.UTF_8))
                .then(Mono.empty())))
        .onErrorResume(e -> Flux.empty());
  }
}
