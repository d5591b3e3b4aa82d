package io.switchboard.ai.predicate;

import static io.switchboard.ai.predicate.Exchanges.post;
import static io.switchboard.ai.predicate.Exchanges.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.web.server.ServerWebExchange;

final class AiMetadataRoutePredicateFactoryTest {

  private final AiMetadataRoutePredicateFactory factory = new AiMetadataRoutePredicateFactory(Exchanges.READER);

  private AsyncPredicate<ServerWebExchange> metadata(String key, String regexp) {
    return factory.applyAsync(new AiMetadataRoutePredicateFactory.Config().setKey(key).setRegexp(regexp));
  }

  @Test
  void openAiChatAndResponsesMetadata() {
    AsyncPredicate<ServerWebExchange> gold = metadata("tier", "gold|platinum");
    String chat = "{\"model\":\"gpt-4o\",\"metadata\":{\"tier\":\"gold\",\"team\":\"a\"},\"messages\":[]}";
    assertThat(test(gold, post("/v1/chat/completions", chat))).isTrue();
    assertThat(test(gold, post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\","
        + "\"metadata\":{\"tier\":\"platinum\"}}"))).isTrue();
    assertThat(test(gold, post("/v1/chat/completions", chat.replace("gold", "silver")))).isFalse();
    // the whole value must match, as with Header
    assertThat(test(gold, post("/v1/chat/completions", chat.replace("gold", "golden")))).isFalse();
  }

  @Test
  void userIdInEveryDialectsPlace() {
    AsyncPredicate<ServerWebExchange> user = metadata("user", "team-a-.*");
    assertThat(test(user, post("/v1/chat/completions", "{\"model\":\"m\",\"user\":\"team-a-42\"}"))).isTrue();
    assertThat(test(user, post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"user\":\"team-a-1\"}")))
        .isTrue();
    assertThat(test(user, post("/v1/messages", "{\"model\":\"claude\",\"metadata\":{\"user_id\":\"team-a-7\"}}")))
        .isTrue();
    assertThat(test(user, post("/v1/messages", "{\"model\":\"claude\",\"metadata\":{\"user_id\":\"team-b-7\"}}")))
        .isFalse();
    assertThat(test(metadata("user_id", null), post("/v1/messages", "{\"metadata\":{\"user_id\":\"u\"}}")))
        .isTrue();
  }

  @Test
  void geminiLabels() {
    assertThat(test(metadata("tier", "gold"), post("/v1beta/models/gemini-2.5-pro:generateContent",
        "{\"contents\":[],\"labels\":{\"tier\":\"gold\"}}"))).isTrue();
  }

  @Test
  void presenceWithoutRegexpAndScalarValues() {
    AsyncPredicate<ServerWebExchange> present = metadata("tier", null);
    assertThat(test(present, post("/v1/chat/completions", "{\"metadata\":{\"tier\":\"\"}}"))).isTrue();
    assertThat(test(present, post("/v1/chat/completions", "{\"metadata\":{\"other\":\"x\"}}"))).isFalse();
    assertThat(test(present, post("/v1/chat/completions", "{\"metadata\":{\"tier\":null}}"))).isFalse();
    assertThat(test(present, post("/v1/chat/completions", "{\"metadata\":{\"tier\":{\"nested\":1}}}"))).isFalse();
    assertThat(test(metadata("level", "\\d+"), post("/v1/chat/completions", "{\"metadata\":{\"level\":3}}")))
        .isTrue();
    assertThat(test(metadata("vip", "true"), post("/v1/chat/completions", "{\"metadata\":{\"vip\":true}}")))
        .isTrue();
  }

  @Test
  void onlyTopLevelMetadataCounts() {
    String nested = "{\"messages\":[{\"role\":\"user\",\"metadata\":{\"tier\":\"gold\"},\"content\":\"x\"}]}";
    assertThat(test(metadata("tier", null), post("/v1/chat/completions", nested))).isFalse();
    assertThat(test(metadata("tier", null), post("/v1/chat/completions", "{\"metadata\":[\"tier\"]}"))).isFalse();
  }

  @Test
  void malformedBodiesSimplyDoNotMatch() {
    for (String body : new String[] {"{\"metadata\":{\"tier\":\"gold\"", "[]", "", "not json", "{\"metadata\":7}"}) {
      assertThat(test(metadata("tier", null), post("/v1/chat/completions", body))).as(body).isFalse();
    }
  }

  @Test
  void headerSourceNeverReadsTheBody() {
    AsyncPredicate<ServerWebExchange> tenant = metadata("header:X-Tenant", "acme|initech");
    AtomicInteger reads = new AtomicInteger();
    ServerWebExchange exchange = Exchanges.counting("/v1/chat/completions", "{}", reads);
    assertThat(test(tenant, exchange)).isFalse();
    assertThat(reads).hasValue(0);
    assertThat(test(tenant, post("/v1/chat/completions", "{}", "x-tenant", "acme"))).isTrue();
    assertThat(test(tenant, post("/v1/chat/completions", "{}", "x-tenant", "other"))).isFalse();
    assertThat(test(metadata("header:x-tenant", ""), post("/v1/chat/completions", "{}", "X-TENANT", "any")))
        .isTrue();
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> metadata(null, "x")).hasMessageContaining("AiMetadata: key ''");
    assertThatThrownBy(() -> metadata("header:", "x")).hasMessageContaining("AiMetadata: key 'header:'");
    assertThatThrownBy(() -> metadata("header:x tenant", "x")).hasMessageContaining("key 'header:x tenant'");
    assertThatThrownBy(() -> metadata("tier", "gold(")).hasMessageContaining("AiMetadata: regexp 'gold(' "
        + "(expected a Java regular expression: Unclosed group");
  }

  @Test
  void describesItselfForTheRouteListing() {
    assertThat(metadata("tier", "gold|platinum")).hasToString("AiMetadata: tier regexp=gold|platinum");
    assertThat(metadata(" header:x-tenant ", null)).hasToString("AiMetadata: header:x-tenant present");
    assertThat(factory.name()).isEqualTo("AiMetadata");
  }
}
