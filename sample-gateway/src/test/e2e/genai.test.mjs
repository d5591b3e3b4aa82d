// The official `@google/genai` SDK against the running gateway's Gemini endpoints
// (POST /v1beta/models/{model}:generateContent, :streamGenerateContent?alt=sse, :batchEmbedContents). Neither model
// is a Gemini one: demo goes to the offline demo model, claude-sonnet-4-5 to the (fake) Anthropic provider, both
// translated from Gemini's dialect and back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, FinishReason, GoogleGenAI, Type } from '@google/genai';
import {
  GATEWAY_ROOT, GATEWAY_KEY, DEMO, CLAUDE, FAKE_USAGE, FAKE_ANTHROPIC_URL, assertDemoEcho, claudeEcho,
  fakeAnthropicReceived,
} from './lib/gateway.mjs';

const ai = new GoogleGenAI({ apiKey: GATEWAY_KEY, httpOptions: { baseUrl: GATEWAY_ROOT, timeout: 20_000 } });

/** The weather tool as a Gemini function declaration (Gemini's own schema types, upper case). */
const WEATHER_TOOLS = [{
  functionDeclarations: [{
    name: 'get_weather',
    description: 'The current weather in a city.',
    parameters: {
      type: Type.OBJECT,
      properties: { city: { type: Type.STRING, description: 'City name' } },
      required: ['city'],
    },
  }],
}];

/** The parts of a response's first candidate. */
function partsOf(response) {
  return response.candidates?.[0]?.content?.parts ?? [];
}

/** Joins the text parts (the SDK's `response.text` also warns when there are other parts). */
function textOf(response) {
  return partsOf(response).filter((p) => typeof p.text === 'string').map((p) => p.text).join('');
}

/** Reads a generateContentStream to the end: the text pieces, function calls, last finish reason and usage. */
async function streamAll(params) {
  const pieces = [];
  const calls = [];
  let finishReason = null;
  let usage = null;
  let chunks = 0;
  let headers = null;
  for await (const chunk of await ai.models.generateContentStream(params)) {
    chunks++;
    headers ??= chunk.sdkHttpResponse?.headers ?? null;
    for (const part of partsOf(chunk)) {
      if (typeof part.text === 'string' && part.text !== '') {
        pieces.push(part.text);
      }
      if (part.functionCall) {
        calls.push(part.functionCall);
      }
    }
    const candidate = chunk.candidates?.[0];
    if (candidate?.finishReason) {
      finishReason = candidate.finishReason;
    }
    if (chunk.usageMetadata) {
      usage = chunk.usageMetadata;
    }
  }
  return { pieces, text: pieces.join(''), calls, finishReason, usage, chunks, headers };
}

describe('@google/genai, demo model', () => {
  test('models.generateContent answers with the user text', async () => {
    const response = await ai.models.generateContent({ model: DEMO, contents: 'Hello from the Gemini SDK' });
    assert.equal(response.sdkHttpResponse.headers['x-switchboard-provider'], 'demo');
    assert.equal(response.candidates.length, 1);
    const [candidate] = response.candidates;
    assert.equal(candidate.content.role, 'model');
    assert.equal(candidate.finishReason, FinishReason.STOP);
    assertDemoEcho(response.text, 'Hello from the Gemini SDK');
    assert.equal(response.modelVersion, DEMO);
    const usage = response.usageMetadata;
    assert.ok(usage.promptTokenCount > 0, JSON.stringify(usage));
    assert.ok(usage.candidatesTokenCount > 0, JSON.stringify(usage));
    assert.equal(usage.totalTokenCount, usage.promptTokenCount + usage.candidatesTokenCount);
  });

  test('models.generateContentStream delivers the same text in chunks', async () => {
    const params = { model: DEMO, contents: 'stream me, Gemini' };
    const whole = await ai.models.generateContent(params);
    const streamed = await streamAll(params);
    assertDemoEcho(streamed.text, 'stream me, Gemini');
    assert.equal(streamed.text, whole.text);
    assert.ok(streamed.pieces.length > 3, `several chunks expected, got ${streamed.pieces.length}`);
    assert.equal(streamed.finishReason, FinishReason.STOP);
    assert.ok(streamed.usage?.promptTokenCount > 0, JSON.stringify(streamed.usage));
    assert.ok(streamed.usage?.candidatesTokenCount > 0, JSON.stringify(streamed.usage));
    assert.equal(streamed.headers?.['content-type']?.split(';')[0], 'text/event-stream');
  });

  test('a system instruction, a multi-turn history and tools are accepted', async () => {
    const response = await ai.models.generateContent({
      model: DEMO,
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { result: 'sunny' } } }] },
        { role: 'user', parts: [{ text: 'and thanks' }] },
      ],
      config: { systemInstruction: 'Be brief.', tools: WEATHER_TOOLS, temperature: 0.2, maxOutputTokens: 100 },
    });
    // The demo model calls no tools: it answers the last user text.
    assertDemoEcho(response.text, 'and thanks');
    assert.equal(response.candidates[0].finishReason, FinishReason.STOP);
  });

  test('models.embedContent (batchEmbedContents): 64 values, equal for equal texts', async () => {
    const response = await ai.models.embedContent({ model: DEMO, contents: ['the same text', 'the same text', 'other'] });
    assert.equal(response.sdkHttpResponse.headers['x-switchboard-provider'], 'demo');
    assert.equal(response.embeddings.length, 3);
    for (const embedding of response.embeddings) {
      assert.equal(embedding.values.length, 64);
      assert.ok(embedding.values.every(Number.isFinite));
      const norm = Math.sqrt(embedding.values.reduce((s, x) => s + x * x, 0));
      assert.ok(Math.abs(norm - 1) < 1e-4, `unit vector expected, norm ${norm}`);
    }
    assert.deepEqual(response.embeddings[0].values, response.embeddings[1].values);
    assert.notDeepEqual(response.embeddings[0].values, response.embeddings[2].values);

    const single = await ai.models.embedContent({ model: DEMO, contents: 'the same text' });
    assert.equal(single.embeddings.length, 1);
    assert.deepEqual(single.embeddings[0].values, response.embeddings[0].values);
  });

  test('embedContent over the REST :embedContent endpoint gives the same vector', async () => {
    // The SDK always batches; Gemini's single-text endpoint is reached here with plain fetch, the SDK's way.
    const response = await fetch(`${GATEWAY_ROOT}/v1beta/models/${DEMO}:embedContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': GATEWAY_KEY },
      body: JSON.stringify({ content: { parts: [{ text: 'the same text' }] } }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const body = await response.json();
    const viaSdk = await ai.models.embedContent({ model: DEMO, contents: 'the same text' });
    assert.equal(body.embedding.values.length, 64);
    assert.deepEqual(body.embedding.values, viaSdk.embeddings[0].values);
  });
});

describe('@google/genai, Anthropic provider through translation', () => {
  test('generateContent: text with a system instruction', async () => {
    const response = await ai.models.generateContent({
      model: CLAUDE,
      contents: 'Hello Claude, from Gemini',
      config: { systemInstruction: 'Answer briefly.', maxOutputTokens: 300 },
    });
    assert.equal(response.sdkHttpResponse.headers['x-switchboard-provider'], 'anthropic');
    assert.equal(response.text, `${claudeEcho('Hello Claude, from Gemini')} System: "Answer briefly.".`);
    assert.equal(response.candidates[0].finishReason, FinishReason.STOP);
    assert.equal(response.candidates[0].content.role, 'model');
    assert.equal(response.usageMetadata.promptTokenCount, FAKE_USAGE.input);
    assert.equal(response.usageMetadata.candidatesTokenCount, FAKE_USAGE.output);
    assert.equal(response.usageMetadata.totalTokenCount, FAKE_USAGE.input + FAKE_USAGE.output);
  });

  test('the provider receives an Anthropic request', {
    skip: !FAKE_ANTHROPIC_URL && 'FAKE_ANTHROPIC_URL not set (run through SdkEndToEndIT)',
  }, async () => {
    const said = `gemini-to-anthropic-${process.pid}-${Date.now()}`;
    await ai.models.generateContent({
      model: CLAUDE,
      contents: said,
      config: { systemInstruction: 'Be brief.', maxOutputTokens: 300, temperature: 0.5, stopSequences: ['END'] },
    });
    const received = await fakeAnthropicReceived(said);
    assert.equal(received.length, 1);
    const body = JSON.parse(received[0].body);
    assert.equal(body.model, CLAUDE);
    assert.equal(body.system, 'Be brief.');
    assert.equal(body.max_tokens, 300);
    assert.equal(body.temperature, 0.5);
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.deepEqual(body.messages, [{ role: 'user', content: said }]);
    assert.ok(!JSON.stringify(received[0].headers).includes(GATEWAY_KEY), 'the client key stays at the gateway');
  });

  test('generateContentStream: text in chunks, finish reason and usage', async () => {
    const streamed = await streamAll({ model: CLAUDE, contents: 'Stream, Claude' });
    assert.equal(streamed.text, claudeEcho('Stream, Claude'));
    assert.ok(streamed.pieces.length > 3, `several chunks expected, got ${streamed.pieces.length}`);
    assert.equal(streamed.finishReason, FinishReason.STOP);
    assert.equal(streamed.usage?.promptTokenCount, FAKE_USAGE.input);
    assert.equal(streamed.usage?.candidatesTokenCount, FAKE_USAGE.output);
    assert.equal(streamed.headers?.['x-switchboard-provider'], 'anthropic');
  });

  test('tools: the provider\'s tool_use becomes a functionCall, and a functionResponse goes back', async () => {
    const first = await ai.models.generateContent({
      model: CLAUDE,
      contents: 'What is the weather in Paris?',
      config: { tools: WEATHER_TOOLS },
    });
    assert.equal(textOf(first), 'Let me look that up.');
    assert.equal(first.functionCalls?.length, 1);
    const [call] = first.functionCalls;
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(call.args, { city: 'Paris' });

    const second = await ai.models.generateContent({
      model: CLAUDE,
      config: { tools: WEATHER_TOOLS },
      contents: [
        { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] },
        first.candidates[0].content,
        { role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name, response: { result: '18 degrees' } } }] },
      ],
    });
    assert.equal(second.functionCalls, undefined);
    // Gemini's response object reaches Anthropic as the tool_result's text: its JSON.
    assert.equal(second.text, 'The tool returned: {"result":"18 degrees"}.');
  });

  test('tools with a JSON-schema declaration (parametersJsonSchema)', async () => {
    const response = await ai.models.generateContent({
      model: CLAUDE,
      contents: 'Weather in Paris, JSON schema?',
      config: {
        tools: [{
          functionDeclarations: [{
            name: 'get_forecast',
            parametersJsonSchema: {
              type: 'object',
              properties: { city: { type: 'string' }, days: { type: 'integer' } },
              required: ['city', 'days'],
            },
          }],
        }],
      },
    });
    assert.deepEqual(response.functionCalls?.map((c) => ({ name: c.name, args: c.args })),
      [{ name: 'get_forecast', args: { city: 'Paris', days: 21 } }]);
  });

  test('tools, streamed: the functionCall arrives whole', async () => {
    const streamed = await streamAll({
      model: CLAUDE, contents: 'Weather in Paris, streamed?', config: { tools: WEATHER_TOOLS },
    });
    assert.equal(streamed.text, 'Let me look that up.');
    assert.equal(streamed.calls.length, 1);
    assert.equal(streamed.calls[0].name, 'get_weather');
    assert.deepEqual(streamed.calls[0].args, { city: 'Paris' });
    assert.equal(streamed.finishReason, FinishReason.STOP);
  });
});

describe('@google/genai, errors', () => {
  test('an unknown model is an ApiError with status 404', async () => {
    await assert.rejects(ai.models.generateContent({ model: 'no-such-model-1', contents: 'x' }), (error) => {
      assert.ok(error instanceof ApiError, `ApiError expected, got ${error?.constructor?.name}`);
      assert.equal(error.status, 404);
      const body = JSON.parse(error.message);
      assert.equal(body.error.code, 404);
      assert.equal(body.error.status, 'NOT_FOUND');
      assert.match(body.error.message, /no-such-model-1/);
      return true;
    });
  });

  test('an unknown model, streaming, is the same 404 before any chunk', async () => {
    await assert.rejects(streamAll({ model: 'no-such-model-1', contents: 'x' }), (error) => {
      assert.ok(error instanceof ApiError, `ApiError expected, got ${error?.constructor?.name}`);
      assert.equal(error.status, 404);
      return true;
    });
  });

  test('an unknown model for embeddings is a 404 too', async () => {
    await assert.rejects(ai.models.embedContent({ model: 'no-such-model-1', contents: 'x' }), (error) => {
      assert.ok(error instanceof ApiError, `ApiError expected, got ${error?.constructor?.name}`);
      assert.equal(error.status, 404);
      return true;
    });
  });

  test('a wrong key is a 401 (UNAUTHENTICATED)', async () => {
    const wrong = new GoogleGenAI({ apiKey: 'wrong-key', httpOptions: { baseUrl: GATEWAY_ROOT, timeout: 20_000 } });
    await assert.rejects(wrong.models.generateContent({ model: DEMO, contents: 'x' }), (error) => {
      assert.ok(error instanceof ApiError, `ApiError expected, got ${error?.constructor?.name}`);
      assert.equal(error.status, 401);
      assert.equal(JSON.parse(error.message).error.status, 'UNAUTHENTICATED');
      return true;
    });
  });

  test('a provider rate limit is a 429 (RESOURCE_EXHAUSTED)', async () => {
    await assert.rejects(ai.models.generateContent({ model: CLAUDE, contents: '!status 429' }), (error) => {
      assert.ok(error instanceof ApiError, `ApiError expected, got ${error?.constructor?.name}`);
      assert.equal(error.status, 429);
      assert.equal(JSON.parse(error.message).error.status, 'RESOURCE_EXHAUSTED');
      return true;
    });
  });
});
