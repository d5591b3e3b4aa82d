package io.switchboard.ai.predicate;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a request asks of a model, as {@code AiCapability} names it. A capability counts only when the client asks
 * for it explicitly: a model that reasons by default does not make a request without reasoning settings a
 * {@link #REASONING} request. {@link CapabilityDetector} says, per client dialect, which fields count.
 */
public enum Capability {
  /** Tool (function) definitions are sent. */
  TOOLS,
  /** Image input (vision). */
  IMAGES,
  /** Audio input, or audio output asked for. */
  AUDIO,
  /** Structured output with a JSON schema. */
  JSON_SCHEMA,
  /** JSON output, with or without a schema (JSON mode); every {@link #JSON_SCHEMA} request is also one. */
  JSON,
  /** Reasoning ("thinking") asked for, at any effort but none. */
  REASONING,
  /** A streamed answer. */
  STREAMING;

  /** The name used in route definitions: {@code tools}, {@code json-schema}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static @Nullable Capability of(String id) {
    for (Capability capability : values()) {
      if (capability.id().equals(id)) {
        return capability;
      }
    }
    return null;
  }
}
