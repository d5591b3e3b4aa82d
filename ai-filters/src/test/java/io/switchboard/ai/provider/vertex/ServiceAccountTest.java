package io.switchboard.ai.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class ServiceAccountTest {

  private static final String KEY_BASE64 =
      Base64.getEncoder().encodeToString(VertexTestKeys.KEYS.getPrivate().getEncoded());

  @Test
  void readsGooglesKeyFile() {
    ServiceAccount sa = VertexTestKeys.serviceAccount();

    assertThat(sa.clientEmail()).isEqualTo("gateway@my-project.iam.gserviceaccount.com");
    assertThat(sa.privateKeyId()).isEqualTo("0123456789abcdef");
    assertThat(sa.tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(sa.projectId()).isEqualTo("my-project");
    assertThat(sa.privateKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(sa.privateKey().getEncoded()).isEqualTo(VertexTestKeys.KEYS.getPrivate().getEncoded());
  }

  @Test
  void defaultsTokenUriAndAllowsNoProject() {
    ObjectNode json = VertexTestKeys.serviceAccountJson();
    json.remove("token_uri");
    json.remove("project_id");

    ServiceAccount sa = ServiceAccount.parse(json.toString());

    assertThat(sa.tokenUri()).isEqualTo(ServiceAccount.DEFAULT_TOKEN_URI);
    assertThat(sa.projectId()).isNull();
  }

  @Test
  void acceptsPemOnOneLine() {
    ObjectNode json = VertexTestKeys.serviceAccountJson();
    json.put("private_key", "-----BEGIN PRIVATE KEY-----" + KEY_BASE64 + "-----END PRIVATE KEY-----");

    assertThat(ServiceAccount.parse(json.toString()).privateKey().getEncoded())
        .isEqualTo(VertexTestKeys.KEYS.getPrivate().getEncoded());
  }

  @Test
  void toStringHidesTheKey() {
    String text = VertexTestKeys.serviceAccount().toString();

    assertThat(text).contains("gateway@my-project.iam.gserviceaccount.com", "privateKey=***")
        .doesNotContain(KEY_BASE64.substring(0, 40)).doesNotContain("BEGIN");
  }

  @Test
  void refusesNonJson() {
    assertThatThrownBy(() -> ServiceAccount.parse("{\"private_key\": \"" + KEY_BASE64 + "\""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON")
        .message().doesNotContain(KEY_BASE64.substring(0, 20));
    assertThatThrownBy(() -> ServiceAccount.parse("[]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
  }

  @Test
  void refusesOtherCredentialTypes() {
    ObjectNode json = VertexTestKeys.serviceAccountJson();
    json.put("type", "authorized_user");

    assertThatThrownBy(() -> ServiceAccount.parse(json.toString())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'type'");
  }

  @Test
  void namesMissingFields() {
    for (String field : new String[] {"client_email", "private_key_id", "private_key"}) {
      ObjectNode json = VertexTestKeys.serviceAccountJson();
      json.remove(field);
      assertThatThrownBy(() -> ServiceAccount.parse(json.toString())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + field + "'");
    }
    ObjectNode json = VertexTestKeys.serviceAccountJson();
    json.put("client_email", 42);
    assertThatThrownBy(() -> ServiceAccount.parse(json.toString())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'client_email'").hasMessageContaining("string");
  }

  @Test
  void refusesNonHttpsTokenUri() {
    ObjectNode json = VertexTestKeys.serviceAccountJson();
    json.put("token_uri", "http://oauth2.googleapis.com/token");

    assertThatThrownBy(() -> ServiceAccount.parse(json.toString())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'token_uri'");
  }

  @Test
  void refusesMalformedPem() {
    String[] bad = {
        KEY_BASE64,
        "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_BASE64 + "\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n" + KEY_BASE64.substring(0, 100) + "!!\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n" + KEY_BASE64.substring(0, 100) + "\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
    };
    for (String pem : bad) {
      ObjectNode json = VertexTestKeys.serviceAccountJson();
      json.put("private_key", pem);
      assertThatThrownBy(() -> ServiceAccount.parse(json.toString())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'private_key'")
          .message().doesNotContain(KEY_BASE64.substring(0, 20));
    }
  }
}
