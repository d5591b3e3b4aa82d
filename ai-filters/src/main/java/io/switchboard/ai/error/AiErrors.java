package io.switchboard.ai.error;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.switchboard.ai.Json;
import io.switchboard.ai.request.Dialect;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns failures into the errors clients see, and errors into OpenAI's envelope
 * {@code {"error": {"message", "type", "param", "code"}}}. Transport failures are described by kind only: a
 * provider's URL, address or key never reaches a message.
 */
public final class AiErrors {

  private static final Logger log = LoggerFactory.getLogger(AiErrors.class);

  private AiErrors() {
  }

  /**
   * Classifies a failure of a call to a provider.
   *
   * @param providerId named in messages; it is configuration, not a secret
   */
  public static AiException fromThrowable(Throwable error, @Nullable String providerId) {
    String who = providerId == null ? "the provider" : "provider '" + providerId + "'";
    Throwable e = error;
    for (int depth = 0; e != null && depth < 8; depth++, e = e.getCause()) {
      if (e instanceof AiException ai) {
        return ai;
      }
      if (e instanceof ReadTimeoutException || e instanceof TimeoutException) {
        return AiException.timeout("Timed out waiting for " + who + ".");
      }
      if (e instanceof ConnectTimeoutException) {
        return AiException.timeout("Timed out connecting to " + who + ".");
      }
      if (e instanceof PrematureCloseException) {
        return AiException.upstream(capitalize(who) + " closed the connection before the response was complete.",
            "upstream_connection_closed");
      }
      if (e instanceof ConnectException || e instanceof UnknownHostException
          || e instanceof NoRouteToHostException) {
        return AiException.upstream("Could not connect to " + who + ".", "upstream_unreachable");
      }
      if (e instanceof SSLException) {
        return AiException.upstream("TLS handshake with " + who + " failed.", "upstream_tls_error");
      }
      if (e instanceof java.io.IOException) {
        return AiException.upstream("The connection to " + who + " failed.", "upstream_connection_error");
      }
    }
    log.error("Unexpected failure on an AI route (provider {})", providerId, error);
    return new AiException(500, "server_error", "internal_error", null,
        "The gateway failed to process the request.", null);
  }

  /** The OpenAI error envelope for an error. */
  public static ObjectNode openAiEnvelope(AiException error) {
    ObjectNode body = Json.object();
    ObjectNode inner = body.putObject("error");
    inner.put("message", error.getMessage());
    inner.put("type", error.type());
    inner.put("param", error.param());
    inner.put("code", error.code());
    return body;
  }

  public static byte[] openAiEnvelopeBytes(AiException error) {
    return Json.MAPPER.writeValueAsBytes(openAiEnvelope(error));
  }

  /** The error body a client of this dialect expects. */
  public static ObjectNode envelope(Dialect dialect, AiException error) {
    return switch (dialect) {
      case ANTHROPIC -> anthropicEnvelope(error);
      case GEMINI -> geminiEnvelope(error);
      default -> openAiEnvelope(error);
    };
  }

  /**
   * Anthropic's {@code {"type": "error", "error": {"type", "message"}}}. Anthropic has no {@code param}; the
   * offending field goes at the start of the message, as Anthropic's own messages do.
   */
  public static ObjectNode anthropicEnvelope(AiException error) {
    String message = error.getMessage();
    if (error.param() != null && !message.contains(error.param())) {
      message = error.param() + ": " + message;
    }
    ObjectNode body = Json.object().put("type", "error");
    body.putObject("error").put("type", anthropicType(error)).put("message", message);
    return body;
  }

  /** Google's {@code {"error": {"code", "message", "status"}}}. */
  public static ObjectNode geminiEnvelope(AiException error) {
    ObjectNode body = Json.object();
    body.putObject("error").put("code", error.status()).put("message", error.getMessage())
        .put("status", googleStatus(error.status()));
    return body;
  }

  /**
   * Anthropic's error type for an error. An overload, the gateway's own or a provider's, reads as
   * {@code overloaded_error} whatever its status, since Anthropic clients retry on that type; a timeout has no type
   * of its own and reads as {@code api_error}; other 4xx statuses are {@code invalid_request_error}.
   */
  public static String anthropicType(AiException error) {
    int status = error.status();
    String code = error.code() == null ? "" : error.code();
    if (status == 429) {
      return "rate_limit_error";
    }
    if (status == 529 || status == 503 || code.equals("upstream_overloaded") || code.equals("overloaded_error")) {
      return "overloaded_error";
    }
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
    };
  }

  /** The {@code google.rpc.Code} name Google APIs put next to an HTTP status. */
  public static String googleStatus(int status) {
    return switch (status) {
      case 400, 413, 422 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 501 -> "UNIMPLEMENTED";
      case 502, 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> "INTERNAL";
    };
  }

  /** A server-sent event carrying an error, ending an OpenAI stream that cannot finish cleanly. */
  public static byte[] openAiStreamErrorEvent(AiException error) {
    String data = Json.MAPPER.writeValueAsString(openAiEnvelope(error));
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
