package io.switchboard.ai.guardrails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ai.guardrails.*}: named policies that routes reference from {@code AiGuardrails}, and the limits every
 * check runs under. See docs/guardrails.md.
 */
@ConfigurationProperties("ai.guardrails")
public class GuardrailsProperties {

  /** Reusable policies by name. */
  private Map<String, PolicySpec> policies = new LinkedHashMap<>();
  /** Time budget of one in-process check over one text (regular expressions are stopped there). */
  private Duration checkTimeout = Duration.ofMillis(50);
  /**
   * Longest text (characters) a check scans; a longer one is a check failure and follows the check's
   * {@code on-error}.
   */
  private int maxScanChars = 1_000_000;

  public Map<String, PolicySpec> getPolicies() {
    return policies;
  }

  public void setPolicies(Map<String, PolicySpec> policies) {
    this.policies = policies;
  }

  public Duration getCheckTimeout() {
    return checkTimeout;
  }

  public void setCheckTimeout(Duration checkTimeout) {
    this.checkTimeout = checkTimeout;
  }

  public int getMaxScanChars() {
    return maxScanChars;
  }

  public void setMaxScanChars(int maxScanChars) {
    this.maxScanChars = maxScanChars;
  }

  /** One policy: ordered checks on the request and on the answer. */
  public static class PolicySpec {
    private List<CheckSpec> input = new ArrayList<>();
    private List<CheckSpec> output = new ArrayList<>();
    /** Map input redactions back in the answer ({@code [EMAIL_1]} upstream, the address for the client). */
    private boolean restore;
    /** Characters of a stream's text the output checks look back over (and redaction holds back). */
    private int window = 128;

    public List<CheckSpec> getInput() {
      return input;
    }

    public void setInput(List<CheckSpec> input) {
      this.input = input;
    }

    public List<CheckSpec> getOutput() {
      return output;
    }

    public void setOutput(List<CheckSpec> output) {
      this.output = output;
    }

    public boolean isRestore() {
      return restore;
    }

    public void setRestore(boolean restore) {
      this.restore = restore;
    }

    public int getWindow() {
      return window;
    }

    public void setWindow(int window) {
      this.window = window;
    }
  }

  /** One check of a policy. */
  public static class CheckSpec {
    /**
     * pii, keywords, regex, injection, max-size, moderation, classifier, topics, json-schema.
     */
    private @Nullable String type;
    /** Names the check in verdicts and errors; defaults to the type. */
    private @Nullable String name;
    /** block (default), redact, flag. */
    private String action = "block";
    /** fail-closed (default: a check that fails blocks), fail-open. */
    private String onError = "fail-closed";
    /** pii: the entities (default all). */
    private List<String> entities = new ArrayList<>();
    /** keywords: whole words or phrases. */
    private List<String> keywords = new ArrayList<>();
    /** regex: Java regular expressions. */
    private List<String> patterns = new ArrayList<>();
    /** injection: the score at which the check fires (0.5); classifier: the probability (0.5). */
    private @Nullable Double threshold;
    /** max-size: characters. */
    private @Nullable Integer maxChars;
    /** moderation, classifier, topics: the provider (declared under ai.providers) and model to ask. */
    private @Nullable String provider;
    private @Nullable String model;
    /** moderation, classifier, topics: how long to wait for the provider (default 2s). */
    private @Nullable Duration timeout;
    /** moderation: the categories that count (default: the provider's own {@code flagged}). */
    private List<String> categories = new ArrayList<>();
    /** topics: allowed and denied topics. */
    private List<String> allow = new ArrayList<>();
    private List<String> deny = new ArrayList<>();
    /** json-schema: ask the provider once more with the validation error before giving up. */
    private boolean reask;

    public @Nullable String getType() {
      return type;
    }

    public void setType(@Nullable String type) {
      this.type = type;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public String getAction() {
      return action;
    }

    public void setAction(String action) {
      this.action = action;
    }

    public String getOnError() {
      return onError;
    }

    public void setOnError(String onError) {
      this.onError = onError;
    }

    public List<String> getEntities() {
      return entities;
    }

    public void setEntities(List<String> entities) {
      this.entities = entities;
    }

    public List<String> getKeywords() {
      return keywords;
    }

    public void setKeywords(List<String> keywords) {
      this.keywords = keywords;
    }

    public List<String> getPatterns() {
      return patterns;
    }

    public void setPatterns(List<String> patterns) {
      this.patterns = patterns;
    }

    public @Nullable Double getThreshold() {
      return threshold;
    }

    public void setThreshold(@Nullable Double threshold) {
      this.threshold = threshold;
    }

    public @Nullable Integer getMaxChars() {
      return maxChars;
    }

    public void setMaxChars(@Nullable Integer maxChars) {
      this.maxChars = maxChars;
    }

    public @Nullable String getProvider() {
      return provider;
    }

    public void setProvider(@Nullable String provider) {
      this.provider = provider;
    }

    public @Nullable String getModel() {
      return model;
    }

    public void setModel(@Nullable String model) {
      this.model = model;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public List<String> getCategories() {
      return categories;
    }

    public void setCategories(List<String> categories) {
      this.categories = categories;
    }

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }

    public List<String> getDeny() {
      return deny;
    }

    public void setDeny(List<String> deny) {
      this.deny = deny;
    }

    public boolean isReask() {
      return reask;
    }

    public void setReask(boolean reask) {
      this.reask = reask;
    }
  }
}
