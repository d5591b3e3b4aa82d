package io.switchboard.ai.provider.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) for one HTTP request, as specified in the AWS IAM user guide
 * ("Create a signed AWS API request"). Pure: no I/O, no clock (the signing time is an argument), no state besides
 * the region and service it was built for; thread-safe.
 *
 * <p>The signer returns the headers to add to the request: {@code Authorization}, {@code X-Amz-Date},
 * {@code X-Amz-Security-Token} when the credentials carry a session token, and {@code X-Amz-Content-Sha256} when the
 * signer was built with {@code payloadHashHeader} (Bedrock's runtime accepts it; the published test suite has none).
 * Every header of the request passed in is signed, so pass exactly the headers that will be sent (at least
 * {@code Host}); headers the signer produces are ignored in the input and replaced by its own values.
 *
 * <p>Canonical URI: the path, exactly as it will be sent, is normalized (empty and {@code .} segments dropped,
 * {@code ..} segments resolved, a trailing slash kept) and each segment is then URI-encoded (RFC 3986 unreserved
 * characters kept, everything else {@code %XX} over its UTF-8 bytes, upper-case hex). Because the wire path is
 * already encoded once, its {@code %} signs become {@code %25}: this is the "encode twice" rule AWS applies to every
 * service but S3 (e.g. the Bedrock path {@code /model/a%3Ab/converse} signs as {@code /model/a%253Ab/converse}).
 * S3's single-encoding rule is not supported. Canonical query: parameters percent-decoded ({@code +} is kept as a
 * plus), re-encoded as above, sorted by encoded name then value, a parameter without {@code =} getting an empty
 * value.
 */
public final class SigV4Signer {

  /** The algorithm named in the string to sign and the {@code Authorization} header. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> GENERATED =
      List.of("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");

  /**
   * AWS credentials.
   *
   * @param accessKeyId the access key id ({@code AKIA...} or {@code ASIA...})
   * @param secretAccessKey the secret key; never logged, never part of the output
   * @param sessionToken the session token of temporary credentials, or {@code null}
   */
  public record Credentials(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {

    public Credentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken="
          + (sessionToken == null ? "null" : "***") + "]";
    }
  }

  /**
   * A request to sign.
   *
   * @param method the HTTP method, e.g. {@code POST}
   * @param uri the request target as sent: the path (already percent-encoded where needed) and an optional
   *     {@code ?query}; a full {@code https://host/...} URL is not accepted
   * @param headers every header that will be sent (names case-insensitive, several values per name allowed;
   *     {@code Host} required)
   * @param body the exact body bytes (empty for none)
   */
  public record Request(String method, String uri, Map<String, List<String>> headers, byte[] body) {

    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
      if (!uri.startsWith("/")) {
        throw new IllegalArgumentException("uri must start with '/': " + uri);
      }
    }
  }

  /** Every intermediate value of one signing; {@link #headers()} is what {@link #sign} returns. */
  record Signing(String canonicalRequest, String stringToSign, String signature, Map<String, String> headers) {
  }

  private final String region;
  private final String service;
  private final boolean payloadHashHeader;

  /**
   * @param region the AWS region, e.g. {@code us-east-1}
   * @param service the signing name of the service, e.g. {@code bedrock}
   * @param payloadHashHeader whether to add (and sign) {@code X-Amz-Content-Sha256}
   */
  public SigV4Signer(String region, String service, boolean payloadHashHeader) {
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.payloadHashHeader = payloadHashHeader;
  }

  /** A signer for the Bedrock runtime (signing name {@code bedrock}) with the payload hash header. */
  public static SigV4Signer forBedrock(String region) {
    return new SigV4Signer(region, "bedrock", true);
  }

  /**
   * Signs a request.
   *
   * @param time the signing time; AWS rejects signatures more than about five minutes off its clock
   * @return the headers to add, in a stable order ({@code X-Amz-Date}, {@code X-Amz-Content-Sha256},
   *     {@code X-Amz-Security-Token}, {@code Authorization})
   * @throws IllegalArgumentException when the request has no {@code Host} header
   */
  public Map<String, String> sign(Request request, Credentials credentials, Instant time) {
    return signing(request, credentials, time).headers();
  }

  Signing signing(Request request, Credentials credentials, Instant time) {
    String amzDate = AMZ_DATE.format(time);
    String date = amzDate.substring(0, 8);
    String payloadHash = HEX.formatHex(sha256(request.body()));

    Map<String, String> added = new LinkedHashMap<>();
    added.put("X-Amz-Date", amzDate);
    if (payloadHashHeader) {
      added.put("X-Amz-Content-Sha256", payloadHash);
    }
    if (credentials.sessionToken() != null) {
      added.put("X-Amz-Security-Token", credentials.sessionToken());
    }

    TreeMap<String, String> canonicalHeaders = canonicalHeaders(request.headers(), added);
    if (!canonicalHeaders.containsKey("host")) {
      throw new IllegalArgumentException("A SigV4 request needs a Host header");
    }
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    String canonicalRequest = canonicalRequest(request, canonicalHeaders, signedHeaders, payloadHash);

    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));

    byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = HEX.formatHex(hmac(key, stringToSign));

    added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return new Signing(canonicalRequest, stringToSign, signature, Collections.unmodifiableMap(added));
  }

  private static String canonicalRequest(Request request, TreeMap<String, String> headers, String signedHeaders,
      String payloadHash) {
    String uri = request.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String query = q < 0 ? "" : uri.substring(q + 1);
    StringBuilder out = new StringBuilder();
    out.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
    out.append(canonicalPath(path)).append('\n');
    out.append(canonicalQuery(query)).append('\n');
    headers.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
    out.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    return out.toString();
  }

  /** Normalizes the path (RFC 3986 dot segments, empty segments) and URI-encodes each segment once more. */
  static String canonicalPath(String path) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        segments.pollLast();
      } else {
        segments.addLast(segment);
      }
    }
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(uriEncode(segment));
    }
    if (path.endsWith("/")) {
      out.append('/');
    }
    return out.toString();
  }

  /** Decodes, re-encodes and sorts the query parameters; empty for no query. */
  static String canonicalQuery(String query) {
    if (query.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String param : query.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      String value = eq < 0 ? "" : param.substring(eq + 1);
      params.add(new String[] {uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
    }
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] param : params) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(param[0]).append('=').append(param[1]);
    }
    return out.toString();
  }

  private static TreeMap<String, String> canonicalHeaders(Map<String, List<String>> headers,
      Map<String, String> added) {
    TreeMap<String, String> canonical = new TreeMap<>();
    headers.forEach((name, values) -> {
      String lower = name.trim().toLowerCase(Locale.ROOT);
      if (GENERATED.contains(lower)) {
        return;
      }
      for (String value : values) {
        canonical.merge(lower, trimAll(value), (a, b) -> a + "," + b);
      }
    });
    added.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), trimAll(value)));
    return canonical;
  }

  /** Trims the value and collapses each run of spaces, tabs and line breaks into one space. */
  static String trimAll(String value) {
    return value.trim().replaceAll("[ \\t\\r\\n]+", " ");
  }

  /** URI-encodes per AWS: unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) kept, the rest {@code %XX}. */
  static String uriEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Decodes {@code %XX} escapes as UTF-8; malformed escapes are kept literally; {@code +} stays a plus. */
  static String percentDecode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    byte[] raw = value.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[raw.length];
    int n = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0
          && Character.digit(raw[i + 2], 16) >= 0) {
        out[n++] = (byte) ((Character.digit(raw[i + 1], 16) << 4) | Character.digit(raw[i + 2], 16));
        i += 2;
      } else {
        out[n++] = raw[i];
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
