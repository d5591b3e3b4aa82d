// The Vercel AI SDK (`ai` with `@ai-sdk/openai`) against the running gateway. `.chat(model)` selects the Chat
// Completions API; the provider's default (`openai(model)`) is the Responses API, which the gateway does not serve.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, embedMany, generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import {
  GATEWAY_URL, GATEWAY_KEY, DEMO, CLAUDE, CLAUDE_DIRECT, FAKE_USAGE, assertDemoEcho, claudeEcho,
} from './lib/gateway.mjs';

const gateway = createOpenAI({ baseURL: GATEWAY_URL, apiKey: GATEWAY_KEY });

/** Runs streamText to the end; returns its text, usage, finish reason, the text deltas and any stream error. */
async function streamAll(options) {
  const errors = [];
  const result = streamText({ ...options, maxRetries: 0, onError: ({ error }) => errors.push(error) });
  const deltas = [];
  for await (const delta of result.textStream) {
    deltas.push(delta);
  }
  return {
    deltas,
    errors,
    text: await result.text,
    usage: await result.usage,
    finishReason: await result.finishReason,
    response: await result.response,
  };
}

function assertUsageAdds(usage) {
  assert.ok(usage.inputTokens > 0, `inputTokens: ${usage.inputTokens}`);
  assert.ok(usage.outputTokens > 0, `outputTokens: ${usage.outputTokens}`);
  assert.equal(usage.totalTokens, usage.inputTokens + usage.outputTokens);
}

describe('AI SDK, demo model', () => {
  test('generateText', async () => {
    const result = await generateText({ model: gateway.chat(DEMO), prompt: 'Hello from the AI SDK', maxRetries: 0 });
    assertDemoEcho(result.text, 'Hello from the AI SDK');
    assert.equal(result.finishReason, 'stop');
    assertUsageAdds(result.usage);
    assert.equal(result.response.modelId, DEMO);
    assert.match(result.response.id, /^chatcmpl-/);
  });

  test('streamText', async () => {
    const streamed = await streamAll({ model: gateway.chat(DEMO), prompt: 'Stream from the AI SDK' });
    assert.deepEqual(streamed.errors, []);
    assertDemoEcho(streamed.text, 'Stream from the AI SDK');
    assert.equal(streamed.deltas.join(''), streamed.text);
    assert.ok(streamed.deltas.length > 3, `several deltas expected, got ${streamed.deltas.length}`);
    assert.equal(streamed.finishReason, 'stop');
    // @ai-sdk/openai asks for stream_options.include_usage: the demo model's usage chunk arrives.
    assertUsageAdds(streamed.usage);
  });

  test('generateObject (response_format json_schema): the demo model answers JSON', async () => {
    const result = await generateObject({
      model: gateway.chat(DEMO),
      schema: jsonSchema({
        type: 'object',
        properties: { demo: { type: 'boolean' }, echo: { type: 'string' } },
        required: ['demo', 'echo'],
        additionalProperties: false,
      }),
      prompt: 'structured, please',
      maxRetries: 0,
    });
    assert.deepEqual(result.object, { demo: true, echo: 'structured, please' });
  });

  test('embed and embedMany (encoding_format float)', async () => {
    const model = gateway.embedding(DEMO);
    const one = await embed({ model, value: 'vector me', maxRetries: 0 });
    assert.equal(one.embedding.length, 64);
    assert.ok(one.embedding.every(Number.isFinite));
    const many = await embedMany({ model, values: ['a', 'a', 'b'], maxRetries: 0 });
    assert.equal(many.embeddings.length, 3);
    assert.deepEqual(many.embeddings[0], many.embeddings[1]);
    assert.notDeepEqual(many.embeddings[0], many.embeddings[2]);
  });
});

describe('AI SDK, Anthropic through translation', () => {
  for (const model of [CLAUDE, CLAUDE_DIRECT]) {
    test(`${model}: generateText with a system prompt`, async () => {
      const result = await generateText({
        model: gateway.chat(model), system: 'Be terse.', prompt: 'Hi Claude, from the AI SDK', maxRetries: 0,
      });
      assert.equal(result.text, `${claudeEcho('Hi Claude, from the AI SDK')} System: "Be terse.".`);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.usage.inputTokens, FAKE_USAGE.input);
      assert.equal(result.usage.outputTokens, FAKE_USAGE.output);
      assert.equal(result.usage.totalTokens, FAKE_USAGE.input + FAKE_USAGE.output);
    });

    test(`${model}: streamText`, async () => {
      const streamed = await streamAll({ model: gateway.chat(model), prompt: 'Stream, Claude, from the AI SDK' });
      assert.deepEqual(streamed.errors, []);
      assert.equal(streamed.text, claudeEcho('Stream, Claude, from the AI SDK'));
      assert.equal(streamed.deltas.join(''), streamed.text);
      assert.ok(streamed.deltas.length > 3, `several deltas expected, got ${streamed.deltas.length}`);
      assert.equal(streamed.finishReason, 'stop');
      assert.equal(streamed.usage.inputTokens, FAKE_USAGE.input);
      assert.equal(streamed.usage.outputTokens, FAKE_USAGE.output);
      assert.equal(streamed.usage.totalTokens, FAKE_USAGE.input + FAKE_USAGE.output);
    });
  }

  const weather = (calls) => tool({
    description: 'The current weather in a city.',
    inputSchema: jsonSchema({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    }),
    execute: async ({ city }) => {
      calls.push(city);
      return `Sunny in ${city}`;
    },
  });

  test('generateText with a tool: call, execute, answer', async () => {
    const calls = [];
    const result = await generateText({
      model: gateway.chat(CLAUDE),
      prompt: 'What is the weather in Paris?',
      tools: { get_weather: weather(calls) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    assert.deepEqual(calls, ['Paris']);
    assert.equal(result.steps.length, 2);
    assert.equal(result.steps[0].finishReason, 'tool-calls');
    assert.deepEqual(result.steps[0].toolCalls.map((c) => [c.toolName, c.input]), [['get_weather', { city: 'Paris' }]]);
    assert.equal(result.steps[0].text, 'Let me look that up.');
    assert.equal(result.text, 'The tool returned: Sunny in Paris.');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.totalUsage.inputTokens, 2 * FAKE_USAGE.input);
  });

  test('streamText with a tool: the streamed tool call is executed', async () => {
    const calls = [];
    const streamed = await streamAll({
      model: gateway.chat(CLAUDE_DIRECT),
      prompt: 'Weather in Paris, streamed?',
      tools: { get_weather: weather(calls) },
      stopWhen: stepCountIs(3),
    });
    assert.deepEqual(streamed.errors, []);
    assert.deepEqual(calls, ['Paris']);
    // text is the last step's; the text stream carries both steps.
    assert.equal(streamed.text, 'The tool returned: Sunny in Paris.');
    assert.equal(streamed.deltas.join(''), 'Let me look that up.The tool returned: Sunny in Paris.');
    assert.equal(streamed.finishReason, 'stop');
  });
});

describe('AI SDK, errors', () => {
  test('an unknown model rejects with the gateway\'s 404', async () => {
    await assert.rejects(
      generateText({ model: gateway.chat('no-such-model-1'), prompt: 'x', maxRetries: 0 }),
      (error) => {
        assert.equal(error.statusCode, 404);
        assert.match(error.message, /no-such-model-1/);
        return true;
      });
  });

  test('a wrong key rejects with 401', async () => {
    const wrong = createOpenAI({ baseURL: GATEWAY_URL, apiKey: 'sk-wrong' });
    await assert.rejects(generateText({ model: wrong.chat(DEMO), prompt: 'x', maxRetries: 0 }), (error) => {
      assert.equal(error.statusCode, 401);
      assert.match(error.message, /Incorrect API key/);
      return true;
    });
  });
});
