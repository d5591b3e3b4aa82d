// Where the gateway under test is, from the environment SdkEndToEndIT sets (or set them by hand, see README.md).
import assert from 'node:assert/strict';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through SdkEndToEndIT (mvn verify), or see README.md`);
  }
  return value;
}

/** The gateway's OpenAI-compatible base URL, ending in /v1. */
export const GATEWAY_URL = required('GATEWAY_URL');
/** A client key the gateway accepts (AiAuth). */
export const GATEWAY_KEY = required('GATEWAY_KEY');
/** The gateway's root URL, for SDKs that add the version to the path themselves (Anthropic's, Google's). */
export const GATEWAY_ROOT = GATEWAY_URL.replace(/\/v1\/?$/, '');
/** Where the fake Anthropic provider listens (set by SdkEndToEndIT); unset when testing a gateway by hand. */
export const FAKE_ANTHROPIC_URL = process.env.FAKE_ANTHROPIC_URL || null;

/** The offline demo model of the sample configuration. */
export const DEMO = 'demo';
/** Routed to provider anthropic by the sample configuration's AiModel=claude-* route. */
export const CLAUDE = 'claude-sonnet-4-5';
/** The same model by direct addressing (the anthropic-direct route). */
export const CLAUDE_DIRECT = 'anthropic/claude-sonnet-4-5';

/** The token counts the fake Anthropic provider reports on every answer. */
export const FAKE_USAGE = {
  input: Number(process.env.FAKE_ANTHROPIC_INPUT_TOKENS ?? 17),
  output: Number(process.env.FAKE_ANTHROPIC_OUTPUT_TOKENS ?? 9),
};

/** The signature on every thinking block the fake Anthropic provider writes. */
export const FAKE_SIGNATURE = process.env.FAKE_ANTHROPIC_SIGNATURE ?? 'EqQBCgIYAhIMfakeSignature==';

/** The demo model's answer contains the user's text verbatim. */
export function assertDemoEcho(text, said) {
  assert.equal(typeof text, 'string');
  assert.match(text, /offline demo model/);
  assert.ok(text.includes(`You said: "${said}"`), `demo reply should quote ${JSON.stringify(said)}: ${text}`);
}

/** The fake Anthropic provider's answer to a plain text turn. */
export function claudeEcho(said) {
  return `Claude (fake) heard: "${said}".`;
}

/** A function tool in OpenAI's Chat Completions shape; the fake provider calls it with {city: "Paris"}. */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The current weather in a city.',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

/** The same tool in Anthropic's Messages shape. */
export const WEATHER_TOOL_ANTHROPIC = {
  name: 'get_weather',
  description: 'The current weather in a city.',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name' } },
    required: ['city'],
  },
};

/**
 * The requests the fake Anthropic provider received whose body contains `marker` (a string unique to one test):
 * [{path, headers (lower-case names), body (the exact text received)}].
 */
export async function fakeAnthropicReceived(marker) {
  assert.ok(FAKE_ANTHROPIC_URL, 'FAKE_ANTHROPIC_URL is not set');
  const response = await fetch(`${FAKE_ANTHROPIC_URL}/__e2e/requests`);
  assert.equal(response.status, 200);
  const all = await response.json();
  return all.filter((r) => r.body.includes(marker));
}
