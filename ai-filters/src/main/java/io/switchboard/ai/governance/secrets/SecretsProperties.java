package io.switchboard.ai.governance.secrets;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ai.secrets.*}: the master keys that open encrypted credentials ({@code enc:v1:…} values). Give them in the
 * environment ({@code AI_SECRETS_MASTER_KEYS=k2:<base64>,k1:<base64>}) or in a file, never in a committed file.
 */
@ConfigurationProperties(prefix = "ai.secrets")
public class SecretsProperties {

  /** Master keys as {@code <id>:<base64 of 32 bytes>}; the first is the primary unless {@code primary-key-id}. */
  private List<String> masterKeys = new ArrayList<>();

  /** A file with one {@code <id>:<base64>} master key per line ({@code #} comments); added to {@code master-keys}. */
  private @Nullable String masterKeyFile;

  /** The key new values are sealed with (default: the first key). */
  private @Nullable String primaryKeyId;

  public List<String> getMasterKeys() {
    return masterKeys;
  }

  public void setMasterKeys(List<String> masterKeys) {
    this.masterKeys = masterKeys;
  }

  public @Nullable String getMasterKeyFile() {
    return masterKeyFile;
  }

  public void setMasterKeyFile(@Nullable String masterKeyFile) {
    this.masterKeyFile = masterKeyFile;
  }

  public @Nullable String getPrimaryKeyId() {
    return primaryKeyId;
  }

  public void setPrimaryKeyId(@Nullable String primaryKeyId) {
    this.primaryKeyId = primaryKeyId;
  }

  @Override
  public String toString() {
    return "SecretsProperties[" + masterKeys.size() + " master keys, file=" + masterKeyFile + "]";
  }
}
