package io.switchboard.ai.provider.vertex;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Addresses of Vertex AI's prediction endpoints. Path segments are percent-encoded (RFC 3986 unreserved characters
 * and {@code @}, which Anthropic model versions use, kept); empty, {@code .} and {@code ..} segments are refused.
 * The region becomes part of a host name, so it must be lower-case letters, digits and dashes.
 */
public final class VertexPaths {

  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private VertexPaths() {
  }

  /** {@code https://{region}-aiplatform.googleapis.com}, or {@code https://aiplatform.googleapis.com} for global. */
  public static String baseUrl(String region) {
    checkRegion(region);
    return region.equals("global") ? "https://aiplatform.googleapis.com"
        : "https://" + region + "-aiplatform.googleapis.com";
  }

  /** A Gemini model's {@code generateContent}, or {@code streamGenerateContent?alt=sse} when streaming. */
  public static String gemini(String region, String project, String model, boolean stream) {
    return model(region, project, "google", model)
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  /** An Anthropic model's {@code rawPredict}, or {@code streamRawPredict} when streaming. */
  public static String anthropic(String region, String project, String model, boolean stream) {
    return model(region, project, "anthropic", model) + (stream ? ":streamRawPredict" : ":rawPredict");
  }

  private static String model(String region, String project, String publisher, String model) {
    checkRegion(region);
    return "/v1/projects/" + segment(project, "project") + "/locations/" + segment(region, "region")
        + "/publishers/" + publisher + "/models/" + segment(model, "model");
  }

  private static void checkRegion(String region) {
    Objects.requireNonNull(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("Invalid Vertex AI region: '" + region + "'");
    }
  }

  static String segment(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException("Invalid Vertex AI " + name + ": '" + value + "'");
    }
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~' || c == '@') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
