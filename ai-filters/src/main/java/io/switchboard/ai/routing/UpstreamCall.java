package io.switchboard.ai.routing;

import java.net.URI;
import java.util.Map;

/** One HTTP request to a provider, fully prepared: absolute URI, headers (credentials included) and body. */
record UpstreamCall(URI uri, Map<String, String> headers, byte[] body) {

  @Override
  public String toString() {
    return "UpstreamCall[uri=" + uri.getPath() + ", bytes=" + body.length + "]";
  }
}
