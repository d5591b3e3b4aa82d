package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;
import static io.switchboard.ai.provider.gemini.GeminiWire.text;

import io.switchboard.ai.Json;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI {@code image_url} content parts into Gemini parts: a {@code data:} URL becomes
 * {@code inlineData}, an {@code http(s)} URL becomes {@code fileData}. Gemini needs a MIME type for both, so for
 * remote images it is guessed from the file extension. OpenAI's {@code detail} has no Gemini equivalent and is
 * dropped.
 */
final class GeminiImages {

  private static final String DEFAULT_MIME = "image/jpeg";

  private GeminiImages() {
  }

  /**
   * @param imageUrl the part's {@code image_url}: {@code {url, detail?}}, or the bare URL string older clients send
   * @param at the parameter path of {@code imageUrl}, for errors
   */
  static ObjectNode imagePart(@Nullable JsonNode imageUrl, String at) {
    String url = imageUrl != null && imageUrl.isString() ? imageUrl.asString() : text(imageUrl, "url");
    String urlAt = imageUrl != null && imageUrl.isString() ? at : at + ".url";
    if (url == null) {
      throw invalid("An image_url part needs a 'url'.", urlAt);
    }
    ObjectNode part = Json.object();
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring("data:".length(), comma);
      if (comma < 0 || !header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw invalid("Image data URLs must have the form data:<mime>;base64,<data>.", urlAt);
      }
      // Parameters such as ";charset=..." may sit between the type and ";base64".
      int semicolon = header.indexOf(';');
      String mime = header.substring(0, semicolon).trim();
      ObjectNode inline = part.putObject("inlineData");
      inline.put("mimeType", mime.isEmpty() ? DEFAULT_MIME : mime);
      inline.put("data", url.substring(comma + 1));
      return part;
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      ObjectNode file = part.putObject("fileData");
      file.put("mimeType", guessMime(lower));
      file.put("fileUri", url);
      return part;
    }
    throw invalid("Image URLs must be http(s) or base64 data URLs.", urlAt);
  }

  /** Guesses an image MIME type from the URL path's extension; JPEG when the extension says nothing. */
  private static String guessMime(String lowerUrl) {
    String path = lowerUrl;
    int end = indexOfAny(path, '?', '#');
    if (end >= 0) {
      path = path.substring(0, end);
    }
    String ext = path.substring(path.lastIndexOf('.') + 1);
    return switch (ext) {
      case "png" -> "image/png";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      default -> DEFAULT_MIME;
    };
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
