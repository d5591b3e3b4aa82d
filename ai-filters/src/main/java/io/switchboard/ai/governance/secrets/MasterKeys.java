package io.switchboard.ai.governance.secrets;

import io.switchboard.ai.provider.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link SecretBox} from {@code ai.secrets.*}; every problem is named by property, never by value. */
public final class MasterKeys {

  private MasterKeys() {
  }

  public static SecretBox load(SecretsProperties properties) {
    List<String> problems = new ArrayList<>();
    List<SecretBox.MasterKey> keys = new ArrayList<>();
    List<String> specs = properties.getMasterKeys();
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i) == null || specs.get(i).isBlank()) {
        continue;
      }
      try {
        keys.add(SecretBox.MasterKey.parse(specs.get(i)));
      } catch (SecretException e) {
        problems.add("ai.secrets.master-keys[" + i + "]: " + e.getMessage());
      }
    }
    String file = properties.getMasterKeyFile();
    if (file != null && !file.isBlank()) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).trim();
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          try {
            keys.add(SecretBox.MasterKey.parse(line));
          } catch (SecretException e) {
            problems.add("ai.secrets.master-key-file: line " + (i + 1) + ": " + e.getMessage());
          }
        }
      } catch (IOException e) {
        problems.add("ai.secrets.master-key-file: '" + file + "' cannot be read (" + e.getClass().getSimpleName()
            + ")");
      }
    }
    if (problems.isEmpty()) {
      try {
        return SecretBox.of(keys, properties.getPrimaryKeyId());
      } catch (SecretException e) {
        problems.add("ai.secrets: " + e.getMessage());
      }
    }
    throw new InvalidConfigurationException("Invalid Switchboard master keys", problems);
  }
}
