package io.switchboard.ai.predicate;

import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.BenchRequests;
import io.switchboard.ai.request.JsonBodyScanner;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the body-reading routing predicates cost per request, beyond the read and scan every AI route pays
 * ({@code scanOnly}): the prompt-token estimate ({@code AiPromptTokens}), capability detection
 * ({@code AiCapability}) and the metadata pass ({@code AiMetadata}), for a typical ~1 KB chat request and for a
 * prompt of about 100,000 tokens. Each operation starts from a fresh {@link AiRequest}, as every exchange does, so
 * the tree parse is included wherever the predicate needs one. Lives in the predicates' package to reach the
 * package-private detectors; compiled and run only with the {@code bench} profile
 * ({@code sample-gateway/bench/jmh.sh PredicateBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PredicateBenchmark {

  private static final String[] WORDS = ("the contract states that each party shall deliver goods services payment "
      + "within thirty days of invoice receipt unless otherwise agreed in writing by both signatories including "
      + "penalties for late delivery warranty claims liability limits governing law arbitration clause notice "
      + "period termination rights confidentiality obligations intellectual property licence scope").split(" ");

  /** Prompt size in words: 150 (a ~1 KB request) or 92,000 (about 100,000 tokens, ~710 KB). */
  @Param({"150", "92000"})
  int words;

  private final JsonBodyScanner scanner = new JsonBodyScanner(64);
  private byte[] openAi;
  private byte[] anthropic;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 17 == 16 ? ". " : " ");
    }
    String messages = "[{\"role\":\"user\",\"content\":\"" + text + "\"}]";
    openAi = ("{\"model\":\"gpt-4o\",\"metadata\":{\"tier\":\"gold\"},\"tools\":[{\"type\":\"function\","
        + "\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}}],\"messages\":" + messages + "}")
        .getBytes(StandardCharsets.UTF_8);
    anthropic = ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"Be precise.\",\"messages\":"
        + messages + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public AiRequest scanOnly() {
    return BenchRequests.of("/v1/chat/completions", openAi, scanner);
  }

  @Benchmark
  public Object treeParse() {
    return BenchRequests.of("/v1/chat/completions", openAi, scanner).tree();
  }

  @Benchmark
  public long promptTokensOpenAi() {
    return PromptTokens.estimate(BenchRequests.of("/v1/chat/completions", openAi, scanner));
  }

  @Benchmark
  public long promptTokensAnthropic() {
    return PromptTokens.estimate(BenchRequests.of("/v1/messages", anthropic, scanner));
  }

  @Benchmark
  public Object capabilities() {
    return CapabilityDetector.detect(BenchRequests.of("/v1/chat/completions", openAi, scanner));
  }

  @Benchmark
  public Object metadata() {
    return RequestMetadata.read(BenchRequests.of("/v1/chat/completions", openAi, scanner));
  }
}
