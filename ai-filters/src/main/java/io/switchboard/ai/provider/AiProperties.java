package io.switchboard.ai.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the plugin suite, bound from {@code ai.*}. Validated once at startup by {@link ProviderRegistry}:
 * a wrong value stops the application with a message naming the property.
 */
@ConfigurationProperties("ai")
public class AiProperties {

  /** Upstream providers by id; routes name them in {@code AiProvider=<id>} or {@code uri: ai://<id>}. */
  private Map<String, ProviderProperties> providers = new LinkedHashMap<>();

  private Auth auth = new Auth();

  private Limits limits = new Limits();

  private Catalog catalog = new Catalog();

  /** Retries, failover, timeouts, circuit breaking and hedging defaults ({@code ai.resilience.*}). */
  private io.switchboard.ai.failover.ResilienceProperties resilience =
      new io.switchboard.ai.failover.ResilienceProperties();

  public io.switchboard.ai.failover.ResilienceProperties getResilience() {
    return resilience;
  }

  public void setResilience(io.switchboard.ai.failover.ResilienceProperties resilience) {
    this.resilience = resilience;
  }

  private Cost cost = new Cost();

  public Cost getCost() {
    return cost;
  }

  public void setCost(Cost cost) {
    this.cost = cost;
  }

  /** How responses report their cost (computed from the catalog's prices). */
  public static class Cost {

    /**
     * Whether responses also carry their cost in the usage object, as {@code usage.cost} (OpenAI, the Responses
     * API and Anthropic clients; streamed ones too), besides the {@code x-switchboard-cost-usd} header.
     */
    private boolean inUsage = true;

    public boolean isInUsage() {
      return inUsage;
    }

    public void setInUsage(boolean inUsage) {
      this.inUsage = inUsage;
    }
  }

  public Catalog getCatalog() {
    return catalog;
  }

  public void setCatalog(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The priced model catalog. */
  public static class Catalog {

    /**
     * Files (in the bundled catalog's format) whose entries replace or extend the bundled ones, later files
     * winning; prices per million tokens in US dollars.
     */
    private List<String> files = new ArrayList<>();

    /** Files in LiteLLM's model_prices_and_context_window.json format, applied after {@code files}. */
    private List<String> litellmFiles = new ArrayList<>();

    public List<String> getFiles() {
      return files;
    }

    public void setFiles(List<String> files) {
      this.files = files;
    }

    public List<String> getLitellmFiles() {
      return litellmFiles;
    }

    public void setLitellmFiles(List<String> litellmFiles) {
      this.litellmFiles = litellmFiles;
    }
  }

  public Map<String, ProviderProperties> getProviders() {
    return providers;
  }

  public void setProviders(Map<String, ProviderProperties> providers) {
    this.providers = providers;
  }

  public Auth getAuth() {
    return auth;
  }

  public void setAuth(Auth auth) {
    this.auth = auth;
  }

  public Limits getLimits() {
    return limits;
  }

  public void setLimits(Limits limits) {
    this.limits = limits;
  }

  /** One upstream provider. */
  public static class ProviderProperties {

    /** Provider type, e.g. openai, anthropic, gemini, bedrock, vertex, groq, ollama, openai-compatible, demo. */
    private @Nullable String type;

    /** Base URL; each type has its public default. OpenAI-dialect types include the version path (.../v1). */
    private @Nullable String baseUrl;

    /** The provider's API key. Never logged, never returned to clients. */
    private @Nullable String apiKey;

    /**
     * true, false, or auto: on exactly when api-key is set (for keys taken from environment variables); for bedrock
     * and vertex, when their credentials are found.
     */
    private String enabled = "true";

    /** Extra headers sent with every upstream request (e.g. OpenAI-Organization). */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** Time allowed to open a connection. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * Longest silence allowed while waiting for the response head or between two reads of its body. A
     * non-streamed answer arrives whole, so this bounds generation time too.
     */
    private Duration responseTimeout = Duration.ofMinutes(5);

    /** Models this provider serves, listed by GET /v1/models for routes that match them by glob. */
    private List<String> models = new ArrayList<>();

    /** max_tokens sent to providers that require one (Anthropic) when the client set none. */
    private int defaultMaxTokens = 4096;

    /**
     * Region: of a bedrock provider (by default AWS_REGION, or AWS_DEFAULT_REGION), or of a vertex provider (by
     * default us-central1; global for the global endpoint).
     */
    private @Nullable String region;

    /** Google Cloud project of a vertex provider; required when it is enabled. */
    private @Nullable String project;

    /**
     * Path of the service-account JSON key file of a vertex provider; by default GOOGLE_APPLICATION_CREDENTIALS.
     * Never logged.
     */
    private @Nullable String credentialsFile;

    /** The service-account JSON key itself (e.g. from an environment variable), instead of a file. Never logged. */
    private @Nullable String credentialsJson;

    /**
     * Where a vertex provider exchanges its signed assertion for an access token; by default the key file's
     * token_uri (https://oauth2.googleapis.com/token).
     */
    private @Nullable String tokenUrl;

    public @Nullable String getProject() {
      return project;
    }

    public void setProject(@Nullable String project) {
      this.project = project;
    }

    public @Nullable String getCredentialsFile() {
      return credentialsFile;
    }

    public void setCredentialsFile(@Nullable String credentialsFile) {
      this.credentialsFile = credentialsFile;
    }

    public @Nullable String getCredentialsJson() {
      return credentialsJson;
    }

    public void setCredentialsJson(@Nullable String credentialsJson) {
      this.credentialsJson = credentialsJson;
    }

    public @Nullable String getTokenUrl() {
      return tokenUrl;
    }

    public void setTokenUrl(@Nullable String tokenUrl) {
      this.tokenUrl = tokenUrl;
    }

    /** AWS access key id of a bedrock provider; by default AWS_ACCESS_KEY_ID. */
    private @Nullable String awsAccessKeyId;

    /** AWS secret access key of a bedrock provider; by default AWS_SECRET_ACCESS_KEY. Never logged. */
    private @Nullable String awsSecretAccessKey;

    /** AWS session token of temporary credentials; by default AWS_SESSION_TOKEN. Never logged. */
    private @Nullable String awsSessionToken;

    public @Nullable String getRegion() {
      return region;
    }

    public void setRegion(@Nullable String region) {
      this.region = region;
    }

    public @Nullable String getAwsAccessKeyId() {
      return awsAccessKeyId;
    }

    public void setAwsAccessKeyId(@Nullable String awsAccessKeyId) {
      this.awsAccessKeyId = awsAccessKeyId;
    }

    public @Nullable String getAwsSecretAccessKey() {
      return awsSecretAccessKey;
    }

    public void setAwsSecretAccessKey(@Nullable String awsSecretAccessKey) {
      this.awsSecretAccessKey = awsSecretAccessKey;
    }

    public @Nullable String getAwsSessionToken() {
      return awsSessionToken;
    }

    public void setAwsSessionToken(@Nullable String awsSessionToken) {
      this.awsSessionToken = awsSessionToken;
    }

    /** api-version query parameter sent to Azure OpenAI. */
    private String apiVersion = "2024-10-21";

    public String getApiVersion() {
      return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
    }

    /** anthropic-version header sent to Anthropic. */
    private String anthropicVersion = "2023-06-01";

    /**
     * Whether this OpenAI-dialect provider accepts stream_options (so the gateway can ask it for usage on every
     * stream); by default what its type is known to do (false for mistral and perplexity, true otherwise).
     */
    private @Nullable Boolean streamOptions;

    /** Microsoft Entra ID authentication of an azure provider, instead of its api-key. */
    private Entra entra = new Entra();

    public Entra getEntra() {
      return entra;
    }

    public void setEntra(Entra entra) {
      this.entra = entra;
    }

    public @Nullable Boolean getStreamOptions() {
      return streamOptions;
    }

    public void setStreamOptions(@Nullable Boolean streamOptions) {
      this.streamOptions = streamOptions;
    }

    public @Nullable String getType() {
      return type;
    }

    public void setType(@Nullable String type) {
      this.type = type;
    }

    public @Nullable String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public @Nullable String getApiKey() {
      return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
    }

    public String getEnabled() {
      return enabled;
    }

    public void setEnabled(String enabled) {
      this.enabled = enabled;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getResponseTimeout() {
      return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
      this.responseTimeout = responseTimeout;
    }

    public List<String> getModels() {
      return models;
    }

    public void setModels(List<String> models) {
      this.models = models;
    }

    public int getDefaultMaxTokens() {
      return defaultMaxTokens;
    }

    public void setDefaultMaxTokens(int defaultMaxTokens) {
      this.defaultMaxTokens = defaultMaxTokens;
    }

    public String getAnthropicVersion() {
      return anthropicVersion;
    }

    public void setAnthropicVersion(String anthropicVersion) {
      this.anthropicVersion = anthropicVersion;
    }
  }

  /**
   * {@code ai.providers.<id>.entra}: an azure provider authenticated by Microsoft Entra ID ({@code Authorization:
   * Bearer}) instead of an {@code api-key}: either a fixed {@code token}, or a client-credentials grant
   * ({@code client-id}, {@code client-secret}, and {@code tenant-id} or {@code token-url}) whose tokens are cached.
   */
  public static class Entra {

    /** A fixed Entra access token, sent as is. Never logged. */
    private @Nullable String token;

    /** Directory (tenant) id; names the default token URL. */
    private @Nullable String tenantId;

    /** Application (client) id of the client-credentials grant. */
    private @Nullable String clientId;

    /** Client secret of the client-credentials grant. Never logged. */
    private @Nullable String clientSecret;

    /** Token endpoint; by default https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token. */
    private @Nullable String tokenUrl;

    /** Scope asked for; by default https://cognitiveservices.azure.com/.default. */
    private @Nullable String scope;

    public @Nullable String getToken() {
      return token;
    }

    public void setToken(@Nullable String token) {
      this.token = token;
    }

    public @Nullable String getTenantId() {
      return tenantId;
    }

    public void setTenantId(@Nullable String tenantId) {
      this.tenantId = tenantId;
    }

    public @Nullable String getClientId() {
      return clientId;
    }

    public void setClientId(@Nullable String clientId) {
      this.clientId = clientId;
    }

    public @Nullable String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public @Nullable String getTokenUrl() {
      return tokenUrl;
    }

    public void setTokenUrl(@Nullable String tokenUrl) {
      this.tokenUrl = tokenUrl;
    }

    public @Nullable String getScope() {
      return scope;
    }

    public void setScope(@Nullable String scope) {
      this.scope = scope;
    }

    /** Whether any property is set. */
    public boolean declared() {
      return token != null || tenantId != null || clientId != null || clientSecret != null || tokenUrl != null
          || scope != null;
    }
  }

  /** Client authentication by {@code AiAuth}. */
  public static class Auth {

    /**
     * Accepted client keys. Plain values are hashed at startup and the plain text dropped; a value written as
     * {@code sha256:<hex>} is taken as the hash itself, so the key need not appear in configuration at all.
     */
    private List<String> apiKeys = new ArrayList<>();

    /** Whether AiAuth removes the client's credential headers before the request goes further. */
    private boolean stripCredentials = true;

    public List<String> getApiKeys() {
      return apiKeys;
    }

    public void setApiKeys(List<String> apiKeys) {
      this.apiKeys = apiKeys;
    }

    public boolean isStripCredentials() {
      return stripCredentials;
    }

    public void setStripCredentials(boolean stripCredentials) {
      this.stripCredentials = stripCredentials;
    }
  }

  /** Bounds on what clients and providers may send through AI routes. */
  public static class Limits {

    /** Largest request body accepted; larger ones get 413 before they are read whole. */
    private DataSize maxBodySize = DataSize.ofMegabytes(20);

    /** Deepest JSON nesting accepted in a request body (at most 256). */
    private int maxJsonDepth = 64;

    /** Largest non-streamed provider response accepted. */
    private DataSize maxResponseSize = DataSize.ofMegabytes(64);

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }

    public int getMaxJsonDepth() {
      return maxJsonDepth;
    }

    public void setMaxJsonDepth(int maxJsonDepth) {
      this.maxJsonDepth = maxJsonDepth;
    }

    public DataSize getMaxResponseSize() {
      return maxResponseSize;
    }

    public void setMaxResponseSize(DataSize maxResponseSize) {
      this.maxResponseSize = maxResponseSize;
    }
  }
}
