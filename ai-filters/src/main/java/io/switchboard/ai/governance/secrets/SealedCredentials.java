package io.switchboard.ai.governance.secrets;

import io.switchboard.ai.governance.audit.AuditLog;
import io.switchboard.ai.provider.AiProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Records in the audit log, once at startup, which providers' credentials were opened from {@code enc:v1:}
 * envelopes ({@code credential.loaded}: the provider id, the properties and the master key ids), never a value.
 * Called after the provider registry has opened them all: an envelope that does not open has already stopped startup.
 */
public final class SealedCredentials {

  private SealedCredentials() {
  }

  /** One sealed credential: the property it was set in and the id of the master key that opens it. */
  public record Sealed(String property, String masterKeyId) {
  }

  /** The sealed credentials of every provider, by provider id (providers without any are left out). */
  public static Map<String, List<Sealed>> of(AiProperties properties) {
    Map<String, List<Sealed>> out = new LinkedHashMap<>();
    properties.getProviders().forEach((id, p) -> {
      String prefix = "ai.providers." + id + ".";
      List<Sealed> sealed = new ArrayList<>();
      add(sealed, prefix + "api-key", p.getApiKey());
      add(sealed, prefix + "aws-secret-access-key", p.getAwsSecretAccessKey());
      add(sealed, prefix + "aws-session-token", p.getAwsSessionToken());
      add(sealed, prefix + "entra.token", p.getEntra().getToken());
      add(sealed, prefix + "entra.client-secret", p.getEntra().getClientSecret());
      p.getHeaders().forEach((name, value) -> add(sealed, prefix + "headers." + name, value));
      if (!sealed.isEmpty()) {
        out.put(id, List.copyOf(sealed));
      }
    });
    return out;
  }

  public static void audit(AiProperties properties, AuditLog audit) {
    of(properties).forEach((provider, sealed) -> {
      Map<String, Object> after = new LinkedHashMap<>();
      after.put("provider", provider);
      after.put("properties", sealed.stream().map(Sealed::property).toList());
      after.put("masterKeyIds", List.copyOf(new TreeSet<>(sealed.stream().map(Sealed::masterKeyId).toList())));
      audit.record("config", "credential.loaded", "provider:" + provider, null, after);
    });
  }

  private static void add(List<Sealed> sealed, String property, @Nullable String value) {
    if (SecretBox.isSealed(value)) {
      String[] parts = value.trim().split(":", 4); // enc, v1, key id, sealed bytes
      sealed.add(new Sealed(property, parts.length > 3 ? parts[2] : "?"));
    }
  }
}
