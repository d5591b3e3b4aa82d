package io.switchboard.ai.guardrails;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * The guardrails' own cost per request (docs/guardrails.md): a typical policy (PII, all entities; a keyword deny
 * list; injection heuristics) over a ~1 KB chat prompt, from the raw body (tree parse included) to the verdicts;
 * and the per-event cost of an output tap on a stream (PII block in the window). SampleTime, so JMH reports p50.
 * Run: {@code sample-gateway/bench/jmh.sh GuardrailsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuardrailsBenchmark {

  static final String PROMPT = "Hello, I need help drafting a reply to a customer. They wrote that their order "
      + "ORD-2024-118822 arrived late and one item (SKU 4006381333931) was damaged. They would like a refund or a "
      + "replacement, whichever is faster, and asked us to confirm by email at their usual address. Please keep the "
      + "tone friendly but professional, mention that we have already opened ticket JIRA-45123 with the carrier, "
      + "and that the replacement can ship within 2 business days from our warehouse in Lyon. Also explain our "
      + "return policy in two sentences: items can be returned within 30 days, in original packaging, with the "
      + "receipt. Finally, thank them for their patience and offer a 10% voucher on their next purchase, valid until "
      + "the end of the quarter. The customer's name is Alex and they have been with us since 2019, version 2.14.3 "
      + "of our app shows their loyalty tier as gold. Reply in English, under 200 words, no bullet points please.";

  Guardrails guardrails;
  List<Policy> policies;
  byte[] body;
  byte[] event;

  @Setup
  public void setup() {
    GuardrailsProperties props = new GuardrailsProperties();
    props.setCheckTimeout(java.time.Duration.ofSeconds(1)); // measure the cost; a GC pause must not fail a check
    GuardrailsProperties.PolicySpec spec = new GuardrailsProperties.PolicySpec();
    GuardrailsProperties.CheckSpec pii = new GuardrailsProperties.CheckSpec();
    pii.setType("pii");
    pii.setAction("redact");
    GuardrailsProperties.CheckSpec keywords = new GuardrailsProperties.CheckSpec();
    keywords.setType("keywords");
    keywords.setKeywords(List.of("project-x", "blue falcon", "confidential merger", "acme-internal"));
    GuardrailsProperties.CheckSpec injection = new GuardrailsProperties.CheckSpec();
    injection.setType("injection");
    injection.setAction("flag");
    spec.setInput(List.of(pii, keywords, injection));
    GuardrailsProperties.CheckSpec out = new GuardrailsProperties.CheckSpec();
    out.setType("pii");
    spec.setOutput(List.of(out));
    props.getPolicies().put("typical", spec);
    guardrails = new Guardrails(props, new ProviderRegistry(new AiProperties()), HttpClient.create());
    policies = List.of(guardrails.policy("typical"));
    ObjectNode request = Json.object().put("model", "gpt-4.1");
    request.putArray("messages").add(Json.object().put("role", "system").put("content", "You are a helpful assistant."))
        .add(Json.object().put("role", "user").put("content", PROMPT));
    body = Json.MAPPER.writeValueAsBytes(request);
    event = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
        + "[{\"index\":0,\"delta\":{\"content\":\" the replacement ships\"},\"finish_reason\":null}]}\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public Object inputTypicalPolicy1k() {
    ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(body);
    GuardrailRun run = new GuardrailRun(policies, guardrails, new CopyOnWriteArrayList<>(), Dialect.OPENAI);
    return run.input(Operation.CHAT, tree).block();
  }

  @Benchmark
  public Object streamEventOutputTap() {
    GuardrailRun run = new GuardrailRun(policies, guardrails, new CopyOnWriteArrayList<>(), Dialect.OPENAI);
    OutputTap tap = new OutputTap(run, true);
    return tap.onPiece(event);
  }
}
