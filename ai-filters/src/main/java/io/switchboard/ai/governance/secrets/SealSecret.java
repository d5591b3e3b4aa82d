package io.switchboard.ai.governance.secrets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Command line for operators, with the master keys in {@code AI_SECRETS_MASTER_KEYS} (and optionally
 * {@code AI_SECRETS_PRIMARY_KEY_ID}):
 *
 * <pre>
 *   java -cp switchboard-ai-filters.jar io.switchboard.ai.governance.secrets.SealSecret new-key k2
 *   java -cp … SealSecret seal ai.providers.openai.api-key      (reads the secret from stdin)
 *   java -cp … SealSecret reseal ai.providers.openai.api-key    (reads an envelope from stdin; rotation)
 * </pre>
 *
 * Prints only the new key or the envelope.
 */
public final class SealSecret {

  private SealSecret() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("new-key")) {
      System.out.println(SecretBox.newMasterKey(args[1]));
      return;
    }
    if (args.length != 2 || !(args[0].equals("seal") || args[0].equals("reseal"))) {
      System.err.println("usage: SealSecret new-key <id> | seal <record-id> | reseal <record-id>   (value on stdin)");
      System.exit(2);
    }
    SecretsProperties properties = new SecretsProperties();
    String env = System.getenv("AI_SECRETS_MASTER_KEYS");
    if (env != null) {
      properties.setMasterKeys(Arrays.asList(env.split(",")));
    }
    properties.setMasterKeyFile(System.getenv("AI_SECRETS_MASTER_KEY_FILE"));
    properties.setPrimaryKeyId(System.getenv("AI_SECRETS_PRIMARY_KEY_ID"));
    SecretBox box = MasterKeys.load(properties);
    String value = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (value == null || value.isBlank()) {
      System.err.println("no value on stdin");
      System.exit(2);
    }
    value = value.trim();
    System.out.println(args[0].equals("seal") ? box.seal(args[1], value) : box.reseal(args[1], value));
  }
}
