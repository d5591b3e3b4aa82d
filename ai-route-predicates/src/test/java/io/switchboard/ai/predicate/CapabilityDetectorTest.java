package io.switchboard.ai.predicate;

import static io.switchboard.ai.predicate.Capability.AUDIO;
import static io.switchboard.ai.predicate.Capability.IMAGES;
import static io.switchboard.ai.predicate.Capability.JSON;
import static io.switchboard.ai.predicate.Capability.JSON_SCHEMA;
import static io.switchboard.ai.predicate.Capability.REASONING;
import static io.switchboard.ai.predicate.Capability.STREAMING;
import static io.switchboard.ai.predicate.Capability.TOOLS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every capability in every client dialect, and what does not count. */
final class CapabilityDetectorTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String RESPONSES = "/v1/responses";
  private static final String MESSAGES = "/v1/messages";
  private static final String GEMINI = "/v1beta/models/gemini-2.5-pro:generateContent";

  private static Set<Capability> detect(String path, String body) {
    return CapabilityDetector.detect(Exchanges.READER.read(Exchanges.post(path, body)).block());
  }

  @Test
  void openAiChat() {
    assertThat(detect(CHAT, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .isEmpty();
    assertThat(detect(CHAT, "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"))
        .containsExactly(TOOLS);
    assertThat(detect(CHAT, "{\"functions\":[{\"name\":\"f\"}]}")).containsExactly(TOOLS);
    assertThat(detect(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}}]}]}")).containsExactly(IMAGES);
    assertThat(detect(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
        + "\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}")).containsExactly(AUDIO);
    assertThat(detect(CHAT, "{\"modalities\":[\"text\",\"audio\"],\"audio\":{\"voice\":\"alloy\"}}"))
        .containsExactly(AUDIO);
    assertThat(detect(CHAT, "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\"}}}"))
        .containsExactlyInAnyOrder(JSON_SCHEMA, JSON);
    assertThat(detect(CHAT, "{\"response_format\":{\"type\":\"json_object\"}}")).containsExactly(JSON);
    assertThat(detect(CHAT, "{\"response_format\":{\"type\":\"text\"}}")).isEmpty();
    assertThat(detect(CHAT, "{\"reasoning_effort\":\"high\"}")).containsExactly(REASONING);
    assertThat(detect(CHAT, "{\"reasoning_effort\":\"none\"}")).isEmpty();
    assertThat(detect(CHAT, "{\"stream\":true}")).containsExactly(STREAMING);
    assertThat(detect(CHAT, "{\"tools\":[],\"functions\":[],\"stream\":false}")).isEmpty();
  }

  @Test
  void responses() {
    assertThat(detect(RESPONSES, "{\"input\":\"hi\"}")).isEmpty();
    assertThat(detect(RESPONSES, "{\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"stream\":true}"))
        .containsExactlyInAnyOrder(TOOLS, STREAMING);
    assertThat(detect(RESPONSES, "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\"x\"},{\"type\":\"input_image\",\"image_url\":\"https://x/a.png\"}]}]}"))
        .containsExactly(IMAGES);
    assertThat(detect(RESPONSES, "{\"input\":[{\"type\":\"input_image\",\"image_url\":\"https://x/a.png\"}]}"))
        .containsExactly(IMAGES);
    assertThat(detect(RESPONSES, "{\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\",\"schema\":{}}}}"))
        .containsExactlyInAnyOrder(JSON_SCHEMA, JSON);
    assertThat(detect(RESPONSES, "{\"text\":{\"format\":{\"type\":\"json_object\"}}}")).containsExactly(JSON);
    assertThat(detect(RESPONSES, "{\"reasoning\":{\"effort\":\"low\"}}")).containsExactly(REASONING);
    assertThat(detect(RESPONSES, "{\"reasoning\":{\"summary\":\"auto\"}}")).containsExactly(REASONING);
    assertThat(detect(RESPONSES, "{\"reasoning\":{\"effort\":\"none\"}}")).isEmpty();
    assertThat(detect(RESPONSES, "{\"reasoning\":null,\"text\":null,\"input\":7}")).isEmpty();
  }

  @Test
  void anthropic() {
    String user = "{\"role\":\"user\",\"content\":";
    assertThat(detect(MESSAGES, "{\"max_tokens\":9,\"messages\":[" + user + "\"hi\"}]}")).isEmpty();
    assertThat(detect(MESSAGES, "{\"tools\":[{\"name\":\"f\",\"input_schema\":{}}]}")).containsExactly(TOOLS);
    assertThat(detect(MESSAGES, "{\"messages\":[" + user + "[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
        + "\"media_type\":\"image/png\",\"data\":\"AAAA\"}}]}]}")).containsExactly(IMAGES);
    assertThat(detect(MESSAGES, "{\"messages\":[" + user + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
        + "\"content\":[{\"type\":\"image\",\"source\":{}}]}]}]}")).containsExactly(IMAGES);
    assertThat(detect(MESSAGES, "{\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{}}}}"))
        .containsExactlyInAnyOrder(JSON_SCHEMA, JSON);
    assertThat(detect(MESSAGES, "{\"output_format\":{\"type\":\"json_schema\",\"schema\":{}}}"))
        .containsExactlyInAnyOrder(JSON_SCHEMA, JSON);
    assertThat(detect(MESSAGES, "{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}"))
        .containsExactly(REASONING);
    assertThat(detect(MESSAGES, "{\"thinking\":{\"type\":\"adaptive\"}}")).containsExactly(REASONING);
    assertThat(detect(MESSAGES, "{\"thinking\":{\"type\":\"disabled\"}}")).isEmpty();
    assertThat(detect(MESSAGES, "{\"stream\":true}")).containsExactly(STREAMING);
    // token counting bodies are read the same way
    assertThat(detect("/v1/messages/count_tokens", "{\"tools\":[{\"name\":\"f\"}]}")).containsExactly(TOOLS);
  }

  @Test
  void gemini() {
    String image = "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AAAA\"}}";
    assertThat(detect(GEMINI, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}")).isEmpty();
    assertThat(detect(GEMINI, "{\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\"}]}]}"))
        .containsExactly(TOOLS);
    assertThat(detect(GEMINI, "{\"contents\":[{\"parts\":[" + image + "]}]}")).containsExactly(IMAGES);
    assertThat(detect(GEMINI, "{\"contents\":[{\"parts\":[{\"file_data\":{\"file_uri\":\"gs://b/a\"}}]}]}"))
        .containsExactly(IMAGES);
    assertThat(detect(GEMINI, "{\"contents\":[{\"parts\":[{\"fileData\":{\"mimeType\":\"audio/mp3\","
        + "\"fileUri\":\"gs://b/a.mp3\"}}]}]}")).containsExactly(AUDIO);
    assertThat(detect(GEMINI, "{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"application/pdf\"}}]}]}"))
        .isEmpty();
    assertThat(detect(GEMINI, "{\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]}}"))
        .containsExactly(AUDIO);
    assertThat(detect(GEMINI, "{\"generationConfig\":{\"responseMimeType\":\"application/json\","
        + "\"responseSchema\":{\"type\":\"OBJECT\"}}}")).containsExactlyInAnyOrder(JSON_SCHEMA, JSON);
    assertThat(detect(GEMINI, "{\"generation_config\":{\"response_json_schema\":{}}}"))
        .containsExactlyInAnyOrder(JSON_SCHEMA, JSON);
    assertThat(detect(GEMINI, "{\"generationConfig\":{\"responseMimeType\":\"application/json\"}}"))
        .containsExactly(JSON);
    assertThat(detect(GEMINI, "{\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024}}}"))
        .containsExactly(REASONING);
    assertThat(detect(GEMINI, "{\"generationConfig\":{\"thinkingConfig\":{\"thinkingLevel\":\"HIGH\"}}}"))
        .containsExactly(REASONING);
    assertThat(detect(GEMINI, "{\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":0}}}")).isEmpty();
    assertThat(detect("/v1beta/models/gemini-2.5-pro:streamGenerateContent", "{\"contents\":[]}"))
        .containsExactly(STREAMING);
    // :countTokens may wrap the request
    assertThat(detect("/v1beta/models/gemini-2.5-pro:countTokens", "{\"generateContentRequest\":{\"contents\":"
        + "[{\"parts\":[" + image + "]}],\"tools\":[{}]}}")).containsExactlyInAnyOrder(IMAGES, TOOLS);
  }

  @Test
  void embeddingsHaveNone() {
    assertThat(detect("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}")).isEmpty();
    assertThat(detect("/v1beta/models/gemini-embedding-001:embedContent",
        "{\"content\":{\"parts\":[{\"text\":\"a\"}]}}")).isEmpty();
  }

  @Test
  void oddShapesCountForNothing() {
    for (String body : new String[] {
        "{\"messages\":{\"role\":\"user\"}}", "{\"messages\":[7,null,\"x\",{\"content\":{\"type\":\"image_url\"}}]}",
        "{\"messages\":[{\"content\":[{\"type\":7},null,[]]}]}", "{\"tools\":{}}", "{\"response_format\":\"json\"}",
        "{\"reasoning_effort\":7}", "{\"modalities\":\"audio\"}"}) {
      assertThat(detect(CHAT, body)).as(body).isEmpty();
    }
    for (String body : new String[] {"{\"contents\":{}}", "{\"contents\":[{\"parts\":[{\"inlineData\":\"x\"}]}]}",
        "{\"generationConfig\":[]}", "{\"generationConfig\":{\"thinkingConfig\":true}}"}) {
      assertThat(detect(GEMINI, body)).as(body).isEmpty();
    }
    assertThat(detect(MESSAGES, "{\"thinking\":\"enabled\",\"messages\":[{\"content\":\"x\"}]}")).isEmpty();
  }
}
