package io.switchboard.ai.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class GuardrailsTest {

  static GuardrailsProperties.CheckSpec check(String type, String action) {
    GuardrailsProperties.CheckSpec c = new GuardrailsProperties.CheckSpec();
    c.setType(type);
    c.setAction(action);
    return c;
  }

  static Guardrails guardrails(GuardrailsProperties properties) {
    return new Guardrails(properties, new ProviderRegistry(new AiProperties()), HttpClient.create());
  }

  static GuardrailRun run(Dialect dialect, GuardrailsProperties.PolicySpec spec) {
    Guardrails g = guardrails(new GuardrailsProperties());
    return new GuardrailRun(List.of(g.compile("p", spec, "test")), g, new CopyOnWriteArrayList<>(), dialect);
  }

  static GuardrailsProperties.PolicySpec policy(List<GuardrailsProperties.CheckSpec> input,
      List<GuardrailsProperties.CheckSpec> output, boolean restore) {
    GuardrailsProperties.PolicySpec p = new GuardrailsProperties.PolicySpec();
    p.setInput(input);
    p.setOutput(output);
    p.setRestore(restore);
    p.setWindow(32);
    return p;
  }

  // ---- validators ---------------------------------------------------------------------------------------------

  @Test
  void validatorsAcceptRealNumbersAndRejectLookAlikes() {
    assertThat(Validators.card("4111111111111111")).isTrue();
    assertThat(Validators.card("4111111111111112")).isFalse();
    assertThat(Validators.iban("GB82WEST12345698765432")).isTrue();
    assertThat(Validators.iban("GB82WEST12345698765433")).isFalse();
    assertThat(Validators.iban("DE89370400440532013000")).isTrue();
    assertThat(Validators.ssn("123456789")).isTrue();
    assertThat(Validators.ssn("666123456")).isFalse();
    assertThat(Validators.verhoeff("2363")).isTrue(); // Verhoeff's published example (236 → 3)
    assertThat(Validators.steuerId("86095742719")).isTrue(); // the BZSt's published example
    assertThat(Validators.steuerId("86095742718")).isFalse();
    assertThat(Validators.insee("255081416802538")).isTrue(); // key 97 - (2550814168025 mod 97)
    assertThat(Validators.ipv6("2001:db8::1")).isTrue();
    assertThat(Validators.ipv6("12:30:45")).isFalse();
    assertThat(Validators.ipv4("256.1.1.1")).isFalse();
  }

  // ---- adversarial ----------------------------------------------------------------------------------------------

  @Test
  void catastrophicBacktrackingIsStoppedAtTheBudgetAndFollowsOnError() {
    GuardrailsProperties.CheckSpec evil = check("regex", "block");
    // The JDK's matcher optimises the textbook (a+)+$ (it returns in milliseconds on this input; see the next test);
    // one more level of nesting still backtracks exponentially: minutes unbounded.
    evil.setPatterns(List.of("((a+)+)+b"));
    String text = "a".repeat(30) + "!";
    for (String onError : List.of("fail-open", "fail-closed")) {
      evil.setOnError(onError);
      GuardrailRun run = run(Dialect.OPENAI, policy(List.of(evil), List.of(), false));
      ObjectNode body = chat(text);
      long start = System.nanoTime();
      if (onError.equals("fail-open")) {
        assertThat(run.input(Operation.CHAT, body).block()).isFalse();
      } else {
        assertThatThrownBy(() -> run.input(Operation.CHAT, body).block())
            .isInstanceOfSatisfying(AiException.class, e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("guardrail_check_failed");
              assertThat(e.getMessage()).contains("'p'", "'regex'", "timeout").doesNotContain("aaaa");
            });
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("bounded by the 50 ms check budget (plus slack)").isLessThan(1000);
      assertThat(run.verdicts).singleElement().satisfies(v -> {
        assertThat(v.outcome()).isEqualTo("error");
        assertThat(v.error()).isEqualTo("timeout");
        assertThat(v.failOpen()).isEqualTo(onError.equals("fail-open"));
      });
    }
  }

  @Test
  void theTextbookPatternReturnsWithinTheBoundWhateverTheJdkDoes() {
    GuardrailsProperties.CheckSpec evil = check("regex", "block");
    evil.setPatterns(List.of("(a+)+$"));
    evil.setOnError("fail-open");
    GuardrailRun run = run(Dialect.OPENAI, policy(List.of(evil), List.of(), false));
    long start = System.nanoTime();
    run.input(Operation.CHAT, chat("a".repeat(30) + "!")).onErrorResume(e -> reactor.core.publisher.Mono.just(true))
        .block();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
  }

  @Test
  void hugeInputsAreBoundedByMaxScanChars() {
    GuardrailsProperties props = new GuardrailsProperties();
    props.setMaxScanChars(10_000);
    Guardrails g = guardrails(props);
    GuardrailsProperties.CheckSpec pii = check("pii", "redact");
    pii.setOnError("fail-closed");
    GuardrailRun run = new GuardrailRun(List.of(g.compile("p", policy(List.of(pii), List.of(), false), "t")), g,
        new CopyOnWriteArrayList<>(), Dialect.OPENAI);
    long start = System.nanoTime();
    assertThatThrownBy(() -> run.input(Operation.CHAT, chat("x".repeat(2_000_000))).block())
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.getMessage()).contains("too-large"));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
  }

  @Test
  void aBadRegexAnUnknownCheckOrProviderFailAtCompileNamingThePlace() {
    GuardrailsProperties props = new GuardrailsProperties();
    GuardrailsProperties.CheckSpec bad = check("regex", "block");
    bad.setPatterns(List.of("ok", "(unclosed"));
    props.getPolicies().put("strict", policy(List.of(bad), List.of(), false));
    assertThatThrownBy(() -> guardrails(props)).hasMessageContaining(
        "ai.guardrails.policies.strict.input[0].patterns[1]: not a valid regular expression");
    props.getPolicies().put("strict", policy(List.of(check("telepathy", "block")), List.of(), false));
    assertThatThrownBy(() -> guardrails(props)).hasMessageContaining("ai.guardrails.policies.strict.input[0].type: "
        + "telepathy");
    GuardrailsProperties.CheckSpec moderation = check("moderation", "block");
    moderation.setProvider("nowhere");
    props.getPolicies().put("strict", policy(List.of(moderation), List.of(), false));
    assertThatThrownBy(() -> guardrails(props)).hasMessageContaining("input[0].provider: nowhere");
  }

  @Test
  void filterArgumentsAreValidatedNamingTheProblem() {
    GuardrailsProperties props = new GuardrailsProperties();
    props.getPolicies().put("known", policy(List.of(check("pii", "block")), List.of(), false));
    AiGuardrailsGatewayFilterFactory factory = new AiGuardrailsGatewayFilterFactory(guardrails(props), null);
    assertThat(factory.validate("r1", java.util.Map.of("policies[0]", "known"))).isNull();
    assertThat(factory.validate("r1", java.util.Map.of("policies[0]", "unknown")))
        .contains("AiGuardrails: policies: unknown", "[known]");
    assertThat(factory.validate("r1", java.util.Map.of("input[0].type", "regex", "input[0].patterns[0]", "(")))
        .contains("AiGuardrails.input[0].patterns[0]: not a valid regular expression");
    assertThat(factory.validate("r1", java.util.Map.of("input[0].type", "injection", "input[0].action", "redact")))
        .contains("action: redact");
    assertThat(factory.validate("r1", java.util.Map.of())).contains("no policies");
  }

  // ---- input actions --------------------------------------------------------------------------------------------

  @Test
  void redactionReplacesWithNumberedPlaceholdersAndBlockNeverShowsTheText() {
    GuardrailRun run = run(Dialect.ANTHROPIC, policy(List.of(check("pii", "redact")), List.of(), true));
    ObjectNode body = (ObjectNode) Json.MAPPER.readTree("{\"model\":\"m\",\"system\":\"be nice\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"mail jane@example.com or jane@example.com, "
        + "call +44 20 7946 0958\"}]}]}");
    assertThat(run.input(Operation.CHAT, body).block()).isTrue();
    assertThat(body.path("messages").path(0).path("content").path(0).path("text").asString())
        .isEqualTo("mail [EMAIL_1] or [EMAIL_1], call [PHONE_1]");
    assertThat(run.verdicts).singleElement().satisfies(v -> {
      assertThat(v.outcome()).isEqualTo("redact");
      assertThat(v.count()).isEqualTo(3);
    });
    GuardrailRun block = run(Dialect.GEMINI, policy(List.of(check("pii", "block")), List.of(), false));
    ObjectNode gemini = (ObjectNode) Json.MAPPER.readTree(
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"card 4111 1111 1111 1111\"}]}]}");
    assertThatThrownBy(() -> block.input(Operation.CHAT, gemini).block())
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.getMessage())
            .isEqualTo("The request was blocked by guardrail policy 'p', check 'pii' (input).")
            .doesNotContain("4111"));
  }

  // ---- streams --------------------------------------------------------------------------------------------------

  static String openAiEvent(String content) {
    return "data: " + Json.MAPPER.writeValueAsString(Json.object().put("id", "c").set("choices",
        Json.MAPPER.createArrayNode().add(Json.object().put("index", 0).set("delta",
            Json.object().put("content", content))))) + "\n\n";
  }

  static String textOf(List<String> out) {
    StringBuilder b = new StringBuilder();
    for (String piece : out) {
      for (String event : piece.split("\n\n")) {
        if (event.startsWith("data: {")) {
          JsonNode n = Json.MAPPER.readTree(event.substring(6));
          b.append(n.path("choices").path(0).path("delta").path("content").asString(""));
        }
      }
    }
    return b.toString();
  }

  static List<String> feed(OutputTap tap, String... pieces) {
    List<String> out = new ArrayList<>();
    for (String p : pieces) {
      out.add(new String(tap.onPiece(p.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void aViolationSplitAcrossEventsIsCaughtInTheWindow() {
    GuardrailRun run = run(Dialect.OPENAI, policy(List.of(), List.of(check("pii", "block")), false));
    OutputTap tap = new OutputTap(run, true);
    assertThat(feed(tap, openAiEvent("Your card: 4111 11"))).hasSize(1);
    assertThatThrownBy(() -> feed(tap, openAiEvent("11 1111 1111 is on file")))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.code()).isEqualTo("guardrail_blocked"));
    assertThat(run.verdicts).singleElement().satisfies(v -> assertThat(v.outcome()).isEqualTo("block"));
  }

  @Test
  void streamRedactionHoldsBackAtMostTheWindowAndFlushesBeforeTheEnd() {
    GuardrailRun run = run(Dialect.OPENAI, policy(List.of(), List.of(check("pii", "redact")), false));
    OutputTap tap = new OutputTap(run, true);
    List<String> out = feed(tap, openAiEvent("Hello! Write to jo"), openAiEvent("hn.smith@exam"),
        openAiEvent("ple.org for help, or anything else you need today, friend."),
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        "data: [DONE]\n\n");
    assertThat(textOf(out)).isEqualTo("Hello! Write to [EMAIL_1] for help, or anything else you need today, friend.");
    assertThat(String.join("", out)).doesNotContain("smith").endsWith("data: [DONE]\n\n");
  }

  @Test
  void heldTextLeavesAsAnEventShapedLikeTheLastTextEvent() {
    GuardrailRun run = run(Dialect.OPENAI, policy(List.of(), List.of(check("pii", "redact")), false));
    OutputTap tap = new OutputTap(run, true);
    String finish = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    List<String> out = feed(tap, openAiEvent("Write to bob@example.org \"soon\""), finish);
    assertThat(out.get(0)).isEqualTo(openAiEvent("")); // everything held: closer than the window to the end
    assertThat(out.get(1)).isEqualTo(openAiEvent("Write to [EMAIL_1] \"soon\"") + finish);
  }

  @Test
  void restoredPlaceholdersSplitAcrossEventsAreMappedBack() {
    GuardrailRun run = run(Dialect.OPENAI, policy(List.of(check("pii", "redact")), List.of(), true));
    run.input(Operation.CHAT, chat("my mail is ada@lovelace.org")).block();
    OutputTap tap = new OutputTap(run, true);
    List<String> out = feed(tap, openAiEvent("I will write to [EM"), openAiEvent("AIL_"), openAiEvent("1] today ["),
        openAiEvent("sic]."), "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    assertThat(textOf(out)).isEqualTo("I will write to ada@lovelace.org today [sic].");
  }

  @Test
  void anthropicDeltasAreRestoredToo() {
    GuardrailRun run = run(Dialect.ANTHROPIC, policy(List.of(check("pii", "redact")), List.of(), true));
    run.input(Operation.CHAT, (ObjectNode) Json.MAPPER.readTree(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"ip 10.0.0.254\"}]}")).block();
    OutputTap tap = new OutputTap(run, true);
    String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"text_delta\",\"text\":\"%s\"}}\n\n";
    List<String> out = feed(tap, delta.formatted("Host [IPV"), delta.formatted("4_1] is up"),
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    String all = String.join("", out);
    assertThat(all).contains("10.0.0.254").doesNotContain("[IPV4_1]").contains("event: content_block_stop");
  }

  @Test
  void aJsonAnswerIsRedactedAndCheckedAgainstTheRequestedSchema() {
    GuardrailsProperties.CheckSpec schema = check("json-schema", "block");
    GuardrailRun run = run(Dialect.OPENAI, policy(List.of(), List.of(check("pii", "redact"), schema), false));
    run.schema = Json.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},"
        + "\"required\":[\"n\"],\"additionalProperties\":false}");
    OutputTap ok = new OutputTap(run, false);
    String good = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"n\\\":3}\"}}]}";
    assertThat(new String(ok.onPiece(good.getBytes()), StandardCharsets.UTF_8)).isEqualTo(good);
    OutputTap bad = new OutputTap(run, false);
    String wrong = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"n\\\":\\\"x\\\"}\"}}]}";
    assertThatThrownBy(() -> bad.onPiece(wrong.getBytes())).isInstanceOfSatisfying(AiException.class,
        e -> assertThat(e.getMessage()).contains("$.n: expected integer"));
  }

  @Test
  void verdictHeaderNamesFlagsAndRedactionCounts() {
    assertThat(GuardrailVerdicts.header(List.of(
        new GuardrailVerdicts.Verdict("a", "pii", "input", "redact", "redact", 3, 2, null, false),
        new GuardrailVerdicts.Verdict("a", "injection", "input", "flag", "flag", 3, 1, null, false),
        new GuardrailVerdicts.Verdict("a", "kw", "input", "block", "pass", 3, 0, null, false))))
        .isEqualTo("flagged=a.injection; redacted=a.pii:2");
  }

  static ObjectNode chat(String text) {
    ObjectNode body = Json.object().put("model", "m");
    body.putArray("messages").add(Json.object().put("role", "user").put("content", text));
    return body;
  }
}
