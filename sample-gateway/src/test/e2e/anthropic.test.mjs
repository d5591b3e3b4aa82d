// The official `@anthropic-ai/sdk` against the running gateway's Anthropic Messages endpoint (POST /v1/messages).
// claude-sonnet-4-5 goes to the anthropic provider (the fake) on the same-dialect fast path, body passed through;
// demo goes through translation to the OpenAI dialect and back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import {
  GATEWAY_ROOT, GATEWAY_KEY, DEMO, CLAUDE, FAKE_USAGE, FAKE_SIGNATURE, FAKE_ANTHROPIC_URL, WEATHER_TOOL_ANTHROPIC,
  assertDemoEcho, claudeEcho, fakeAnthropicReceived,
} from './lib/gateway.mjs';

// The SDK warns on every call that claude-sonnet-4-5 is deprecated; the fake provider serves it regardless.
const warn = console.warn;
console.warn = (...args) => {
  if (!String(args[0]).includes('is deprecated and will reach end-of-life')) {
    warn(...args);
  }
};

/** A client that records each request as the SDK sent it: {url, headers, body (the exact text)}. */
function recordingClient(options = {}) {
  const sent = [];
  const client = new Anthropic({
    baseURL: GATEWAY_ROOT,
    apiKey: GATEWAY_KEY,
    maxRetries: 0,
    timeout: 20_000,
    ...options,
    fetch: (url, init) => {
      sent.push({ url: String(url), headers: new Headers(init?.headers), body: init?.body });
      return fetch(url, init);
    },
  });
  return { client, sent };
}

const { client } = recordingClient();

/** A string unique to one test, to find its request among those the fake received. */
function marker(name) {
  return `${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The text of a message's text blocks. */
function textOf(message) {
  return message.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
}

/** Runs messages.stream() to the end; returns the text deltas, all stream events and the final message. */
async function streamAll(params) {
  const stream = client.messages.stream(params);
  const deltas = [];
  const thinking = [];
  const events = [];
  stream.on('text', (delta) => deltas.push(delta));
  stream.on('thinking', (delta) => thinking.push(delta));
  stream.on('streamEvent', (event) => events.push(event));
  const final = await stream.finalMessage();
  return { deltas, thinking, events, final };
}

describe('@anthropic-ai/sdk, Anthropic provider (same dialect)', () => {
  test('messages.create: text with a system prompt', async () => {
    const { data: message, response } = await client.messages.create({
      model: CLAUDE,
      max_tokens: 200,
      system: 'Answer briefly.',
      messages: [{ role: 'user', content: 'Hello Claude' }],
    }).withResponse();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-switchboard-provider'), 'anthropic');
    assert.equal(response.headers.get('x-switchboard-model'), CLAUDE);
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, CLAUDE);
    assert.match(message.id, /^msg_fake_/, 'the provider\'s own answer');
    assert.deepEqual(message.content, [
      { type: 'text', text: `${claudeEcho('Hello Claude')} System: "Answer briefly.".` },
    ]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.stop_sequence, null);
    assert.equal(message.usage.input_tokens, FAKE_USAGE.input);
    assert.equal(message.usage.output_tokens, FAKE_USAGE.output);
    assert.equal(message.usage.cost, Number(response.headers.get('x-switchboard-cost-usd')));
    assert.ok(message.usage.cost > 0, `usage.cost: ${message.usage.cost}`);
  });

  test('the provider receives exactly the client\'s body: cache_control, thinking signature, metadata', {
    skip: !FAKE_ANTHROPIC_URL && 'FAKE_ANTHROPIC_URL not set (run through SdkEndToEndIT)',
  }, async () => {
    const said = marker('passthrough');
    const { client: recording, sent } = recordingClient();
    const message = await recording.messages.create({
      model: CLAUDE,
      max_tokens: 2048,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      metadata: { user_id: 'e2e-user-1' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'First turn', cache_control: { type: 'ephemeral' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'An earlier thought.', signature: 'EqQBCgIYAhIMearlierSignature==' },
            { type: 'text', text: 'An earlier answer.' },
          ],
        },
        { role: 'user', content: said },
      ],
    }, { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31' } });

    // The provider's thinking block, signature included, reaches the SDK as sent.
    assert.deepEqual(message.content, [
      { type: 'thinking', thinking: `Thinking about "${said}".`, signature: FAKE_SIGNATURE },
      { type: 'text', text: `${claudeEcho(said)} System: "You are terse.".` },
    ]);

    assert.equal(sent.length, 1);
    const received = await fakeAnthropicReceived(said);
    assert.equal(received.length, 1, 'one request upstream');
    const [upstream] = received;
    assert.equal(upstream.path, '/v1/messages');
    // Byte for byte: the model name is already the provider's, so nothing needed changing.
    assert.equal(upstream.body, sent[0].body);
    const body = JSON.parse(upstream.body);
    assert.deepEqual(body.system[0].cache_control, { type: 'ephemeral' });
    assert.deepEqual(body.messages[0].content[0].cache_control, { type: 'ephemeral' });
    assert.equal(body.messages[1].content[0].signature, 'EqQBCgIYAhIMearlierSignature==');
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.deepEqual(body.metadata, { user_id: 'e2e-user-1' });
    // The client's Anthropic headers go along; its key does not.
    assert.equal(upstream.headers['anthropic-version'], sent[0].headers.get('anthropic-version'));
    assert.equal(upstream.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
    assert.notEqual(upstream.headers['x-api-key'], GATEWAY_KEY);
    assert.ok(!JSON.stringify(upstream.headers).includes(GATEWAY_KEY), 'the client key stays at the gateway');
  });

  test('messages.stream(): text deltas, finalMessage() usage and stop_reason', async () => {
    const { deltas, events, final } = await streamAll({
      model: CLAUDE,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Stream, Claude' }],
    });
    assert.equal(deltas.join(''), claudeEcho('Stream, Claude'));
    assert.ok(deltas.length > 3, `several deltas expected, got ${deltas.length}`);
    assert.equal(textOf(final), claudeEcho('Stream, Claude'));
    assert.match(final.id, /^msg_fake_/);
    assert.equal(final.model, CLAUDE);
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.input_tokens, FAKE_USAGE.input);
    assert.equal(final.usage.output_tokens, FAKE_USAGE.output);
    assert.deepEqual(events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]), [
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta',
      'message_stop',
    ]);
  });

  test('stream: true with thinking: thinking deltas and the signature arrive in order', async () => {
    const said = marker('thinking-stream');
    const stream = await client.messages.create({
      model: CLAUDE,
      max_tokens: 2048,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: said }],
    });
    let thinking = '';
    let signature = '';
    let text = '';
    let stopReason = null;
    let outputTokens = null;
    let cost = null;
    for await (const event of stream) {
      if (event.type === 'content_block_delta') {
        if (event.delta.type === 'thinking_delta') {
          assert.equal(event.index, 0);
          thinking += event.delta.thinking;
        } else if (event.delta.type === 'signature_delta') {
          signature += event.delta.signature;
        } else if (event.delta.type === 'text_delta') {
          assert.equal(event.index, 1);
          text += event.delta.text;
        }
      } else if (event.type === 'message_delta') {
        stopReason = event.delta.stop_reason;
        outputTokens = event.usage.output_tokens;
        cost = event.usage.cost;
      }
    }
    assert.ok(cost > 0, `message_delta usage.cost: ${cost}`);
    assert.equal(thinking, `Thinking about "${said}".`);
    assert.equal(signature, FAKE_SIGNATURE);
    assert.equal(text, claudeEcho(said));
    assert.equal(stopReason, 'end_turn');
    assert.equal(outputTokens, FAKE_USAGE.output);
  });

  test('tools: a tool_use block, then the tool_result goes back', async () => {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.messages.create({
      model: CLAUDE, max_tokens: 200, messages, tools: [WEATHER_TOOL_ANTHROPIC],
    });
    assert.equal(first.stop_reason, 'tool_use');
    assert.equal(first.content.length, 2);
    assert.deepEqual(first.content[0], { type: 'text', text: 'Let me look that up.' });
    const use = first.content[1];
    assert.equal(use.type, 'tool_use');
    assert.match(use.id, /^toolu_/);
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: 'Paris' });

    const second = await client.messages.create({
      model: CLAUDE,
      max_tokens: 200,
      tools: [WEATHER_TOOL_ANTHROPIC],
      messages: [
        ...messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18 degrees and sunny' }] },
      ],
    });
    assert.equal(second.stop_reason, 'end_turn');
    assert.equal(textOf(second), 'The tool returned: 18 degrees and sunny.');
  });

  test('tools, streamed: finalMessage() assembles the tool input from input_json_delta', async () => {
    const stream = client.messages.stream({
      model: CLAUDE,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Weather in Paris, streamed?' }],
      tools: [WEATHER_TOOL_ANTHROPIC],
    });
    const partialJson = [];
    stream.on('inputJson', (partial) => partialJson.push(partial));
    const final = await stream.finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    assert.equal(textOf(final), 'Let me look that up.');
    const use = final.content.find((b) => b.type === 'tool_use');
    assert.ok(use, JSON.stringify(final.content));
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: 'Paris' });
    assert.equal(partialJson.join(''), JSON.stringify({ city: 'Paris' }));
    assert.ok(partialJson.length > 1, 'the input arrives in pieces');
  });

  test('a provider rate limit is a RateLimitError (429) with retry-after', async () => {
    await assert.rejects(
      client.messages.create({ model: CLAUDE, max_tokens: 10, messages: [{ role: 'user', content: '!status 429' }] }),
      (error) => {
        assert.ok(error instanceof Anthropic.RateLimitError, `RateLimitError expected, got ${error?.constructor?.name}`);
        assert.equal(error.status, 429);
        assert.equal(error.type, 'rate_limit_error');
        assert.equal(error.headers.get('retry-after'), '7');
        return true;
      });
  });

  test('a provider error in the middle of a stream: the SDK throws after the text so far', async () => {
    const stream = client.messages.stream({
      model: CLAUDE, max_tokens: 10, messages: [{ role: 'user', content: '!midstream-error now' }],
    });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    await assert.rejects(stream.finalMessage(), (error) => {
      assert.ok(error instanceof Anthropic.APIError, `APIError expected, got ${error?.constructor?.name}`);
      assert.match(error.message, /overloaded_error|Overloaded/);
      return true;
    });
    assert.equal(text, claudeEcho('!midstream-error now'));
  });
});

describe('@anthropic-ai/sdk, demo model (translated to the OpenAI dialect and back)', () => {
  test('messages.create answers with the user text', async () => {
    const { data: message, response } = await client.messages.create({
      model: DEMO,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Hello from the Anthropic SDK' }],
    }).withResponse();
    assert.equal(response.headers.get('x-switchboard-provider'), 'demo');
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, DEMO);
    assert.match(message.id, /^msg_/);
    assert.equal(message.content.length, 1);
    assert.equal(message.content[0].type, 'text');
    assertDemoEcho(message.content[0].text, 'Hello from the Anthropic SDK');
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0, JSON.stringify(message.usage));
    assert.ok(message.usage.output_tokens > 0, JSON.stringify(message.usage));
  });

  test('messages.stream() delivers the same text in deltas, with usage and stop_reason', async () => {
    const params = { model: DEMO, max_tokens: 200, messages: [{ role: 'user', content: 'stream me, Anthropic' }] };
    const whole = await client.messages.create(params);
    const { deltas, events, final } = await streamAll(params);
    assertDemoEcho(deltas.join(''), 'stream me, Anthropic');
    assert.equal(deltas.join(''), textOf(whole));
    assert.ok(deltas.length > 3, `several deltas expected, got ${deltas.length}`);
    assert.equal(textOf(final), textOf(whole));
    assert.equal(final.stop_reason, 'end_turn');
    assert.ok(final.usage.output_tokens > 0, JSON.stringify(final.usage));
    assert.equal(events[0].type, 'message_start');
    assert.equal(events.at(-1).type, 'message_stop');
  });

  test('x-api-key instead of Authorization: Bearer', async () => {
    const { client: keyed, sent } = recordingClient({ defaultHeaders: { Authorization: null, 'x-api-key': GATEWAY_KEY } });
    const message = await keyed.messages.create({
      model: DEMO, max_tokens: 50, messages: [{ role: 'user', content: 'keyed by x-api-key' }],
    });
    assert.equal(sent[0].headers.get('x-api-key'), GATEWAY_KEY);
    assert.equal(sent[0].headers.get('authorization'), null);
    assertDemoEcho(textOf(message), 'keyed by x-api-key');
  });

  test('a system prompt, an image and a finished tool round are translated and accepted', async () => {
    // A 1x1 PNG.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const message = await client.messages.create({
      model: DEMO,
      max_tokens: 200,
      system: [{ type: 'text', text: 'You look at pictures.' }],
      tools: [WEATHER_TOOL_ANTHROPIC],
      tool_choice: { type: 'auto' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image, and the weather?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_e2e_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_e2e_1', content: '18 degrees' },
            { type: 'text', text: 'thanks for checking' },
          ],
        },
      ],
    });
    // The demo model calls no tools: it answers the last user text.
    assertDemoEcho(textOf(message), 'thanks for checking');
    assert.equal(message.stop_reason, 'end_turn');
  });
});

describe('@anthropic-ai/sdk, errors', () => {
  for (const stream of [false, true]) {
    test(`an unknown model is a NotFoundError (404, not_found_error)${stream ? ', streaming' : ''}`, async () => {
      await assert.rejects(
        client.messages.create({
          model: 'no-such-model-1', max_tokens: 10, stream, messages: [{ role: 'user', content: 'x' }],
        }),
        (error) => {
          assert.ok(error instanceof Anthropic.NotFoundError, `NotFoundError expected, got ${error?.constructor?.name}`);
          assert.equal(error.status, 404);
          assert.equal(error.type, 'not_found_error');
          assert.equal(error.error?.type, 'error');
          assert.equal(error.error?.error?.type, 'not_found_error');
          assert.match(error.message, /no-such-model-1/);
          return true;
        });
    });

    test(`a wrong key is an AuthenticationError (401)${stream ? ', streaming' : ''}`, async () => {
      const wrong = new Anthropic({ baseURL: GATEWAY_ROOT, apiKey: 'sk-wrong', maxRetries: 0, timeout: 20_000 });
      await assert.rejects(
        wrong.messages.create({ model: DEMO, max_tokens: 10, stream, messages: [{ role: 'user', content: 'x' }] }),
        (error) => {
          assert.ok(error instanceof Anthropic.AuthenticationError,
            `AuthenticationError expected, got ${error?.constructor?.name}`);
          assert.equal(error.status, 401);
          assert.equal(error.type, 'authentication_error');
          return true;
        });
    });
  }
});
