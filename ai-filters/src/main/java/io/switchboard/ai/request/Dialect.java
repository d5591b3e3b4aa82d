package io.switchboard.ai.request;

/** The wire dialect of an AI request or provider API. */
public enum Dialect {
  /** OpenAI Chat Completions and Embeddings, spoken by OpenAI and every OpenAI-compatible server. */
  OPENAI,
  /** OpenAI's Responses API ({@code /v1/responses}); a client dialect only. */
  RESPONSES,
  /** Anthropic Messages. */
  ANTHROPIC,
  /** Google Gemini {@code generateContent}. */
  GEMINI,
  /** AWS Bedrock Converse (SigV4-signed, binary event streams); a provider dialect only. */
  BEDROCK,
  /** Ollama's native API ({@code /api/chat}, NDJSON streams); a provider dialect only. */
  OLLAMA,
  /** Cohere API v2 ({@code /v2/chat}, {@code /v2/embed}); a provider dialect only. */
  COHERE,
  /** The built-in offline demo model; answers in the OpenAI dialect without any network. */
  DEMO
}
