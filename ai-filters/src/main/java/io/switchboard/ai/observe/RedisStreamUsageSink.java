package io.switchboard.ai.observe;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Appends every usage record to a Redis Stream ({@code XADD key MAXLEN ~ n * …}): a few flat fields to filter on
 * ({@code request_id}, {@code route}, {@code provider}, {@code model}, {@code team}, {@code key_id},
 * {@code status}, {@code outcome}, tokens, {@code cost_usd}) and the whole record as JSON in {@code record}. Runs
 * on the publisher's thread: a batch is pipelined, then awaited. Its own connection, opened on first use and again
 * after a failure.
 */
public final class RedisStreamUsageSink implements UsageSink, AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<RedisClient> client;
  private final String key;
  private final long maxLen;
  private @Nullable StatefulRedisConnection<String, String> connection;

  public RedisStreamUsageSink(Supplier<RedisClient> client, String key, long maxLen) {
    this.client = client;
    this.key = key;
    this.maxLen = maxLen;
  }

  @Override
  public String name() {
    return "redis-stream";
  }

  @Override
  public void accept(List<UsageRecord> batch) {
    StatefulRedisConnection<String, String> conn = connection();
    RedisAsyncCommands<String, String> redis = conn.async();
    XAddArgs args = XAddArgs.Builder.maxlen(maxLen).approximateTrimming();
    List<RedisFuture<String>> sent = new ArrayList<>(batch.size());
    for (UsageRecord r : batch) {
      sent.add(redis.xadd(key, args, fields(r)));
    }
    try {
      if (!LettuceFutures.awaitAll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, sent.toArray(new RedisFuture[0]))) {
        throw new IllegalStateException("Redis did not confirm the usage records within " + TIMEOUT);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  static Map<String, String> fields(UsageRecord r) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("request_id", r.requestId());
    f.put("time", r.time().toString());
    put(f, "route", r.routeId());
    put(f, "provider", r.provider());
    put(f, "model", r.upstreamModel());
    put(f, "team", r.team());
    put(f, "key_id", r.keyId());
    f.put("status", Integer.toString(r.status()));
    f.put("outcome", r.outcome());
    f.put("input_tokens", Long.toString(r.tokens().promptTokens()));
    f.put("output_tokens", Long.toString(r.tokens().completionTokens()));
    if (r.costUsd() != null) {
      f.put("cost_usd", r.costUsd().toPlainString());
    }
    f.put("record", UsageJson.write(r));
    return f;
  }

  private static void put(Map<String, String> f, String name, @Nullable String value) {
    if (value != null) {
      f.put(name, value);
    }
  }

  private synchronized StatefulRedisConnection<String, String> connection() {
    if (connection == null || !connection.isOpen()) {
      StatefulRedisConnection<String, String> c = client.get().connect(StringCodec.UTF8);
      c.setTimeout(TIMEOUT);
      connection = c;
    }
    return connection;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.closeAsync();
      connection = null;
    }
  }
}
