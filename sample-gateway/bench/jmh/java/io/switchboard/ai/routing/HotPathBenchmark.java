package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.anthropic.AnthropicChatTranslator;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.BenchRequests;
import io.switchboard.ai.request.BodyScan;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.JsonBodyScanner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-request CPU work of AI routes, without any I/O: what the routing engine does to a typical ~1 KB chat
 * request and to the provider's answer. Lives in {@code io.switchboard.ai.routing} to reach the package-private
 * engine classes ({@link OpenAiBodies}, {@link SseDecoder}, the stream codecs); compiled and run only with the
 * {@code bench} Maven profile (see {@code sample-gateway/bench/jmh.sh}).
 *
 * <p>Short runs by design (3 forks, 2 x 1 s warm-up, 3 x 1 s measurement): the numbers are for spotting where the
 * microseconds go and for before/after comparisons on the same machine, not for absolute claims.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HotPathBenchmark {

  /** A typical chat request, about 1 KB: system prompt, a short multi-turn history, sampling settings. */
  static String chatBody(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"You are a concise assistant for a travel booking site. Answer in the"
        + " user's language, prefer trains over flights where the journey is under six hours, and never invent"
        + " timetables or prices.\"},"
        + "{\"role\":\"user\",\"content\":\"We are two adults planning a five-day trip in spring. Which three"
        + " European cities have the best rail connections for day trips, and which one should be our base?\"},"
        + "{\"role\":\"assistant\",\"content\":\"Vienna, Munich and Zurich all work well. Vienna has direct trains"
        + " to Salzburg, Bratislava and Budapest; Munich to Salzburg and Nuremberg; Zurich to Lucerne and Bern.\"},"
        + "{\"role\":\"user\",\"content\":\"We like museums and food markets more than hiking. Which base would"
        + " you pick, and roughly how long are the train rides?\"}],"
        + "\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":512,\"user\":\"user-4711\""
        + (stream ? ",\"stream\":true" : "") + "}";
  }

  private static final String OPENAI_CHUNK_HEAD = "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\","
      + "\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\","
      + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":";

  /** An OpenAI stream as one chunk per event: role, six tokens, finish, usage, [DONE]. */
  static List<byte[]> openAiStream() {
    List<String> events = new ArrayList<>();
    events.add(OPENAI_CHUNK_HEAD + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    for (String token : new String[] {"Vienna", ", Munich", " and Zurich", ": fast lines", " to several",
        " capitals."}) {
      events.add(OPENAI_CHUNK_HEAD + "[{\"index\":0,\"delta\":{\"content\":\"" + token + "\"},"
          + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    events.add(OPENAI_CHUNK_HEAD + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":null}\n\n");
    events.add(OPENAI_CHUNK_HEAD + "[],\"usage\":{\"prompt_tokens\":48,\"completion_tokens\":27,"
        + "\"total_tokens\":75}}\n\n");
    events.add("data: [DONE]\n\n");
    return events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** An Anthropic Messages stream as one chunk per event. */
  static List<byte[]> anthropicStream() {
    List<String> events = new ArrayList<>();
    events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
        + "\"model\":\"claude-haiku-4-5-20251001\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
        + "{\"input_tokens\":48,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":1}}}\n\n");
    events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    for (String token : new String[] {"Vienna", ", Munich", " and Zurich", ": fast lines", " to several",
        " capitals."}) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"text_delta\",\"text\":\"" + token + "\"}}\n\n");
    }
    events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":27}}\n\n");
    events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** A 703 B OpenAI chat.completion, usage last, as OpenAI sends it. */
  private static final UsageCost GPT_4O_MINI_COST = UsageCost.forClient(Dialect.OPENAI,
      ModelCatalog.bundled().find("openai", "gpt-4o-mini").orElseThrow());

  static final byte[] OPENAI_RESPONSE = ("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\","
      + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"Vienna, Munich and Zurich: each sits on fast lines with direct trains"
      + " to several capitals, so day trips are easy.\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":48,\"completion_tokens\":27,\"total_tokens\":75,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
      + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
      + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}")
      .getBytes(StandardCharsets.UTF_8);

  static final byte[] ANTHROPIC_RESPONSE = ("{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\","
      + "\"role\":\"assistant\",\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":"
      + "\"Vienna, Munich and Zurich: each sits on fast lines with direct trains to several capitals, so day trips"
      + " are easy.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":48,"
      + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":27,"
      + "\"service_tier\":\"standard\"}}").getBytes(StandardCharsets.UTF_8);

  private JsonBodyScanner scanner;
  private byte[] openAiBody;
  private byte[] openAiStreamBody;
  private byte[] anthropicBody;
  private AiRequest openAiRequest;
  private AiRequest openAiStreamRequest;
  private BodyScan openAiScan;
  private BodyScan openAiStreamScan;
  private ObjectNode anthropicTree;
  private List<byte[]> openAiEvents;
  private List<byte[]> anthropicEvents;
  private AnthropicChatTranslator anthropic;
  private TranslationContext context;
  private TranslationContext streamContext;

  @Setup
  public void setUp() {
    scanner = new JsonBodyScanner(64);
    openAiBody = chatBody("gpt-4o-mini", false).getBytes(StandardCharsets.UTF_8);
    openAiStreamBody = chatBody("gpt-4o-mini", true).getBytes(StandardCharsets.UTF_8);
    anthropicBody = chatBody("claude-haiku-4-5", false).getBytes(StandardCharsets.UTF_8);
    openAiRequest = BenchRequests.chat(openAiBody, scanner);
    openAiStreamRequest = BenchRequests.chat(openAiStreamBody, scanner);
    openAiScan = openAiRequest.scan();
    openAiStreamScan = openAiStreamRequest.scan();
    anthropicTree = BenchRequests.chat(anthropicBody, scanner).tree();
    openAiEvents = openAiStream();
    anthropicEvents = anthropicStream();
    anthropic = new AnthropicChatTranslator();
    context = new TranslationContext("claude-haiku-4-5", "claude-haiku-4-5", false, false,
        "chatcmpl-0123456789abcdef0123456789abcdef", 1741569952L, 4096);
    streamContext = new TranslationContext("claude-haiku-4-5", "claude-haiku-4-5", true, false,
        "chatcmpl-0123456789abcdef0123456789abcdef", 1741569952L, 4096);
  }

  /** JsonBodyScanner.scan on the ~1 KB body: what every AI request pays (AiModel predicate, engine). */
  @Benchmark
  public BodyScan scanChatBody1k() {
    return scanner.scan(openAiBody);
  }

  /** Same-dialect body, model unchanged, not streamed: the body goes upstream as the same array. */
  @Benchmark
  public byte[] openAiBodySameModel() {
    return OpenAiBodies.forUpstream(openAiRequest, openAiScan, "gpt-4o-mini", false, true);
  }

  /** Same-dialect body with the model spliced (an alias mapped to the provider's model name). */
  @Benchmark
  public byte[] openAiBodyAliasedModel() {
    return OpenAiBodies.forUpstream(openAiRequest, openAiScan, "gpt-4o-mini-2024-07-18", false, true);
  }

  /** Same-dialect streamed body: stream_options.include_usage spliced in. */
  @Benchmark
  public byte[] openAiBodyStreamUsage() {
    return OpenAiBodies.forUpstream(openAiStreamRequest, openAiStreamScan, "gpt-4o-mini", true, true);
  }

  /** JsonBodyScanner.openAiUsage on a non-streamed OpenAI answer: what the same-dialect relay does per response. */
  @Benchmark
  public TokenUsage openAiUsageOfResponse() {
    return JsonBodyScanner.openAiUsage(OPENAI_RESPONSE);
  }

  /** The same, plus pricing the usage and splicing usage.cost into the answer: a priced model's whole relay work. */
  @Benchmark
  public byte[] openAiUsageCostOfResponse() {
    JsonBodyScanner.UsageSpan span = JsonBodyScanner.usage(OPENAI_RESPONSE);
    return GPT_4O_MINI_COST.intoJson(OPENAI_RESPONSE, span, OpenAiShapes.usageOf(span.usage()));
  }

  /** SseDecoder.feed over a 10-event OpenAI stream, one network chunk per event. */
  @Benchmark
  public void sseDecodeOpenAiStream(Blackhole bh) {
    SseDecoder decoder = new SseDecoder();
    for (byte[] chunk : openAiEvents) {
      bh.consume(decoder.feed(chunk));
    }
  }

  /** The whole OpenAI stream relay's CPU work: decode, pass through, parse the usage chunk, drop it. */
  @Benchmark
  public int openAiStreamRelay() {
    SseDecoder decoder = new SseDecoder();
    OpenAiPassthroughCodec codec = new OpenAiPassthroughCodec(false, UsageCost.NONE);
    int bytes = 0;
    for (byte[] chunk : openAiEvents) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + 64);
      for (SseEvent event : decoder.feed(chunk)) {
        codec.onEvent(event, out);
      }
      bytes += out.toByteArray().length;
    }
    return bytes;
  }

  /** AnthropicChatTranslator.toUpstream on an already parsed request tree. */
  @Benchmark
  public UpstreamRequest anthropicToUpstream() {
    return anthropic.toUpstream(anthropicTree, context);
  }

  /** The Anthropic request path as the engine runs it: parse the tree, translate, serialise. */
  @Benchmark
  public byte[] anthropicRequestPath() {
    ObjectNode tree = (ObjectNode) scanner.mapper().readTree(anthropicBody);
    return Json.MAPPER.writeValueAsBytes(anthropic.toUpstream(tree, context).body());
  }

  /** The Anthropic non-streamed answer path: parse, read usage, translate, serialise. */
  @Benchmark
  public byte[] anthropicResponsePath(Blackhole bh) {
    JsonNode json = Json.MAPPER.readTree(ANTHROPIC_RESPONSE);
    bh.consume(anthropic.usageOf(json));
    return Json.MAPPER.writeValueAsBytes(anthropic.fromUpstream(json, context));
  }

  /** The Anthropic stream relay's CPU work: decode 12 events, translate each to OpenAI chunks, serialise. */
  @Benchmark
  public int anthropicStreamRelay() {
    SseDecoder decoder = new SseDecoder();
    TranslatingStreamCodec codec = new TranslatingStreamCodec(anthropic.newStream(streamContext), UsageCost.NONE);
    int bytes = 0;
    for (byte[] chunk : anthropicEvents) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length + 64);
      for (SseEvent event : decoder.feed(chunk)) {
        codec.onEvent(event, out);
      }
      bytes += out.toByteArray().length;
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    codec.onComplete(tail);
    return bytes + tail.size();
  }
}
