// The official `openai` SDK against the running gateway.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import {
  GATEWAY_URL, GATEWAY_KEY, DEMO, CLAUDE, CLAUDE_DIRECT, FAKE_USAGE, WEATHER_TOOL, assertDemoEcho, claudeEcho,
} from './lib/gateway.mjs';

const client = new OpenAI({ baseURL: GATEWAY_URL, apiKey: GATEWAY_KEY, maxRetries: 0, timeout: 20_000 });

/** Reads a chat stream, checking each chunk's shape; returns the text, finish reason, usage and chunk count. */
async function collect(stream) {
  let text = '';
  let finish = null;
  let usage = null;
  let chunks = 0;
  let role = null;
  for await (const chunk of stream) {
    chunks++;
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.match(chunk.id, /\S/);
    if (chunk.usage) {
      usage = chunk.usage;
    }
    for (const choice of chunk.choices) {
      assert.equal(choice.index, 0);
      role ??= choice.delta.role ?? null;
      text += choice.delta.content ?? '';
      if (choice.finish_reason) {
        assert.equal(finish, null, 'only one chunk carries the finish reason');
        finish = choice.finish_reason;
      }
    }
  }
  return { text, finish, usage, chunks, role };
}

describe('openai SDK, demo model', () => {
  test('chat.completions.create answers with the user text', async () => {
    const completion = await client.chat.completions.create({
      model: DEMO,
      messages: [{ role: 'user', content: 'Hello from the openai SDK' }],
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, DEMO);
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.finish_reason, 'stop');
    assertDemoEcho(choice.message.content, 'Hello from the openai SDK');
    assert.ok(completion.usage.prompt_tokens > 0);
    assert.ok(completion.usage.completion_tokens > 0);
    assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
    assert.equal(completion.usage.cost, undefined, 'the demo model is not priced: no cost rather than 0');
  });

  test('withResponse exposes the gateway headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: DEMO, messages: [{ role: 'user', content: 'headers' }] })
      .withResponse();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-switchboard-provider'), 'demo');
    assertDemoEcho(data.choices[0].message.content, 'headers');
  });

  test('stream: true delivers the same text in deltas and ends cleanly', async () => {
    const messages = [{ role: 'user', content: 'stream me' }];
    const whole = await client.chat.completions.create({ model: DEMO, messages });
    const streamed = await collect(await client.chat.completions.create({ model: DEMO, messages, stream: true }));
    assert.equal(streamed.role, 'assistant');
    assert.equal(streamed.text, whole.choices[0].message.content);
    assertDemoEcho(streamed.text, 'stream me');
    assert.ok(streamed.chunks > 3, `text should come in several chunks, got ${streamed.chunks}`);
    assert.equal(streamed.finish, 'stop');
    assert.equal(streamed.usage, null, 'no usage chunk unless asked for');
  });

  test('stream_options.include_usage adds a usage chunk', async () => {
    const streamed = await collect(await client.chat.completions.create({
      model: DEMO,
      messages: [{ role: 'user', content: 'count my tokens' }],
      stream: true,
      stream_options: { include_usage: true },
    }));
    assertDemoEcho(streamed.text, 'count my tokens');
    assert.equal(streamed.finish, 'stop');
    assert.ok(streamed.usage, 'usage chunk expected');
    assert.ok(streamed.usage.prompt_tokens > 0);
    assert.ok(streamed.usage.completion_tokens > 0);
    assert.equal(streamed.usage.total_tokens, streamed.usage.prompt_tokens + streamed.usage.completion_tokens);
  });

  test('the chat.completions.stream helper assembles the final completion', async () => {
    const stream = client.chat.completions.stream({
      model: DEMO,
      messages: [{ role: 'user', content: 'helper' }],
    });
    const final = await stream.finalChatCompletion();
    assertDemoEcho(final.choices[0].message.content, 'helper');
    assert.equal(final.choices[0].finish_reason, 'stop');
  });

  test('chat.completions.parse with a json_schema response format', async () => {
    const completion = await client.chat.completions.parse({
      model: DEMO,
      messages: [{ role: 'user', content: 'as JSON' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'echo',
          strict: true,
          schema: {
            type: 'object',
            properties: { demo: { type: 'boolean' }, echo: { type: 'string' } },
            required: ['demo', 'echo'],
            additionalProperties: false,
          },
        },
      },
    });
    assert.deepEqual(completion.choices[0].message.parsed, { demo: true, echo: 'as JSON' });
  });

  test('embeddings.create (base64 by default) decodes to 64 floats, the same for the same text', async () => {
    const embedding = await client.embeddings.create({ model: DEMO, input: ['the same text', 'the same text', 'other'] });
    assert.equal(embedding.object, 'list');
    assert.equal(embedding.data.length, 3);
    embedding.data.forEach((item, i) => {
      assert.equal(item.object, 'embedding');
      assert.equal(item.index, i);
      assert.ok(Array.isArray(item.embedding), 'the SDK decodes base64 into an array');
      assert.equal(item.embedding.length, 64);
      assert.ok(item.embedding.every(Number.isFinite));
      const norm = Math.sqrt(item.embedding.reduce((s, x) => s + x * x, 0));
      assert.ok(Math.abs(norm - 1) < 1e-4, `unit vector expected, norm ${norm}`);
    });
    assert.deepEqual(embedding.data[0].embedding, embedding.data[1].embedding);
    assert.notDeepEqual(embedding.data[0].embedding, embedding.data[2].embedding);
    assert.ok(embedding.usage.prompt_tokens > 0);

    const again = await client.embeddings.create({ model: DEMO, input: 'a single input' });
    const twice = await client.embeddings.create({ model: DEMO, input: 'a single input' });
    assert.equal(again.data.length, 1);
    assert.equal(again.data[0].embedding.length, 64);
    assert.deepEqual(again.data[0].embedding, twice.data[0].embedding);
  });

  test('embeddings with encoding_format float come back as plain numbers, equal to the base64 ones', async () => {
    const floats = await client.embeddings.create({ model: DEMO, input: 'compare', encoding_format: 'float' });
    const decoded = await client.embeddings.create({ model: DEMO, input: 'compare' });
    assert.equal(floats.data[0].embedding.length, 64);
    floats.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - decoded.data[0].embedding[i]) < 1e-6));
  });
  test('a text embeds the same alone and in a list', async () => {
    const alone = await client.embeddings.create({ model: DEMO, input: 'same text' });
    const listed = await client.embeddings.create({ model: DEMO, input: ['same text'] });
    assert.deepEqual(alone.data[0].embedding, listed.data[0].embedding);
  });
});

describe('openai SDK, Anthropic through translation', () => {
  for (const model of [CLAUDE, CLAUDE_DIRECT]) {
    test(`${model}: plain chat, with a system message`, async () => {
      const { data: completion, response } = await client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Answer briefly.' },
          { role: 'user', content: 'Hello Claude' },
        ],
        max_tokens: 200,
      }).withResponse();
      assert.equal(response.headers.get('x-switchboard-provider'), 'anthropic');
      assert.equal(response.headers.get('x-switchboard-model'), CLAUDE);
      assert.equal(completion.object, 'chat.completion');
      assert.match(completion.id, /^chatcmpl-/);
      const [choice] = completion.choices;
      assert.equal(choice.message.role, 'assistant');
      assert.equal(choice.message.content, `${claudeEcho('Hello Claude')} System: "Answer briefly.".`);
      assert.equal(choice.finish_reason, 'stop');
      assert.equal(completion.usage.prompt_tokens, FAKE_USAGE.input);
      assert.equal(completion.usage.completion_tokens, FAKE_USAGE.output);
      assert.equal(completion.usage.total_tokens, FAKE_USAGE.input + FAKE_USAGE.output);
      assert.equal(completion.usage.cost, Number(response.headers.get('x-switchboard-cost-usd')));
      assert.ok(completion.usage.cost > 0, `usage.cost: ${completion.usage.cost}`);
    });

    test(`${model}: streamed, with usage`, async () => {
      const streamed = await collect(await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Stream, Claude' }],
        stream: true,
        stream_options: { include_usage: true },
      }));
      assert.equal(streamed.role, 'assistant');
      assert.equal(streamed.text, claudeEcho('Stream, Claude'));
      assert.ok(streamed.chunks > 3, `text should come in several chunks, got ${streamed.chunks}`);
      assert.equal(streamed.finish, 'stop');
      assert.equal(streamed.usage?.prompt_tokens, FAKE_USAGE.input);
      assert.equal(streamed.usage?.completion_tokens, FAKE_USAGE.output);
      assert.equal(streamed.usage?.total_tokens, FAKE_USAGE.input + FAKE_USAGE.output);
      assert.ok(streamed.usage?.cost > 0, `usage.cost: ${streamed.usage?.cost}`);
    });
  }

  test('a multi-turn conversation with an image part', async () => {
    // A 1x1 PNG: the fake provider accepts it only as a well-formed Anthropic image block.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const completion = await client.chat.completions.create({
      model: CLAUDE,
      temperature: 0.2,
      stop: ['END'],
      max_completion_tokens: 100,
      messages: [
        { role: 'developer', content: 'You look at pictures.' },
        { role: 'user', content: 'first turn' },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in ' },
            { type: 'text', text: 'this image?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          ],
        },
      ],
    });
    assert.equal(completion.choices[0].message.content,
      `${claudeEcho('What is in this image?')} System: "You look at pictures.".`);
  });

  test('streamed without include_usage: no usage chunk', async () => {
    const streamed = await collect(await client.chat.completions.create({
      model: CLAUDE, messages: [{ role: 'user', content: 'no usage' }], stream: true,
    }));
    assert.equal(streamed.text, claudeEcho('no usage'));
    assert.equal(streamed.finish, 'stop');
    assert.equal(streamed.usage, null);
  });

  test('tools: the provider\'s tool_use becomes message.tool_calls, and a tool result goes back', async () => {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.chat.completions.create({ model: CLAUDE, messages, tools: [WEATHER_TOOL] });
    const [choice] = first.choices;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.message.tool_calls?.length, 1);
    const [call] = choice.message.tool_calls;
    assert.equal(call.type, 'function');
    assert.match(call.id, /\S/);
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    // The fake says something before calling the tool; the gateway keeps it as the message content.
    assert.equal(choice.message.content, 'Let me look that up.');

    const second = await client.chat.completions.create({
      model: CLAUDE,
      tools: [WEATHER_TOOL],
      messages: [
        ...messages,
        choice.message,
        { role: 'tool', tool_call_id: call.id, content: '18 degrees and sunny' },
      ],
    });
    assert.equal(second.choices[0].finish_reason, 'stop');
    assert.equal(second.choices[0].message.content, 'The tool returned: 18 degrees and sunny.');
  });

  test('tools, streamed: the stream helper assembles the tool call', async () => {
    const stream = client.chat.completions.stream({
      model: CLAUDE_DIRECT,
      messages: [{ role: 'user', content: 'Weather in Paris, streamed?' }],
      tools: [WEATHER_TOOL],
    });
    const deltas = [];
    stream.on('content.delta', ({ delta }) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    const [choice] = final.choices;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, 'Let me look that up.');
    assert.equal(deltas.join(''), 'Let me look that up.');
    assert.equal(choice.message.tool_calls?.length, 1);
    const [call] = choice.message.tool_calls;
    assert.equal(call.type, 'function');
    assert.match(call.id, /\S/);
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
  });

  test('runTools runs the whole tool loop', async () => {
    const calls = [];
    const runner = client.chat.completions.runTools({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'Weather in Paris, please.' }],
      tools: [{
        type: 'function',
        function: {
          ...WEATHER_TOOL.function,
          function: (args) => {
            calls.push(args);
            return `Sunny in ${args.city}`;
          },
          parse: JSON.parse,
        },
      }],
    });
    const content = await runner.finalContent();
    assert.deepEqual(calls, [{ city: 'Paris' }]);
    assert.equal(content, 'The tool returned: Sunny in Paris.');
  });
});

describe('openai SDK, errors', () => {
  test('an unknown model is a NotFoundError (404, model_not_found)', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'no-such-model-1', messages: [{ role: 'user', content: 'x' }] }),
      (error) => {
        assert.ok(error instanceof OpenAI.NotFoundError, `NotFoundError expected, got ${error?.constructor?.name}`);
        assert.equal(error.status, 404);
        assert.equal(error.code, 'model_not_found');
        assert.equal(error.param, 'model');
        assert.equal(error.type, 'invalid_request_error');
        assert.match(error.message, /no-such-model-1/);
        return true;
      });
  });

  test('a wrong key is an AuthenticationError (401), also when streaming', async () => {
    const wrong = new OpenAI({ baseURL: GATEWAY_URL, apiKey: 'sk-wrong', maxRetries: 0, timeout: 20_000 });
    for (const stream of [false, true]) {
      await assert.rejects(
        wrong.chat.completions.create({ model: DEMO, stream, messages: [{ role: 'user', content: 'x' }] }),
        (error) => {
          assert.ok(error instanceof OpenAI.AuthenticationError,
            `AuthenticationError expected, got ${error?.constructor?.name}`);
          assert.equal(error.status, 401);
          assert.equal(error.code, 'invalid_api_key');
          return true;
        });
    }
    await assert.rejects(wrong.embeddings.create({ model: DEMO, input: 'x' }), OpenAI.AuthenticationError);
  });

  test('a provider rate limit is a RateLimitError (429) with Retry-After', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: CLAUDE, messages: [{ role: 'user', content: '!status 429' }] }),
      (error) => {
        assert.ok(error instanceof OpenAI.RateLimitError, `RateLimitError expected, got ${error?.constructor?.name}`);
        assert.equal(error.status, 429);
        assert.equal(error.headers.get('retry-after'), '7');
        assert.equal(error.code, 'rate_limit_exceeded');
        return true;
      });
  });

  test('a provider that fails before streaming is an error status, not a broken stream', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: CLAUDE, stream: true, messages: [{ role: 'user', content: '!status 529' }] }),
      (error) => {
        assert.ok(error instanceof OpenAI.InternalServerError,
          `InternalServerError expected, got ${error?.constructor?.name}`);
        assert.equal(error.status, 502);
        assert.equal(error.code, 'upstream_overloaded');
        return true;
      });
  });

  test('a provider error in the middle of a stream makes the SDK throw after the text so far', async () => {
    const stream = await client.chat.completions.create({
      model: CLAUDE, stream: true, messages: [{ role: 'user', content: '!midstream-error here' }],
    });
    let text = '';
    await assert.rejects(async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
      }
    }, (error) => {
      assert.ok(error instanceof OpenAI.APIError, `APIError expected, got ${error?.constructor?.name}`);
      assert.match(error.message, /Overloaded/);
      return true;
    });
    assert.equal(text, claudeEcho('!midstream-error here'));
  });

  test('a request the provider rejects is a BadRequestError (400)', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: CLAUDE, messages: [{ role: 'user', content: '!status 400' }] }),
      (error) => {
        assert.ok(error instanceof OpenAI.BadRequestError, `BadRequestError expected, got ${error?.constructor?.name}`);
        assert.equal(error.status, 400);
        assert.match(error.message, /scripted failure 400/);
        return true;
      });
  });
});

describe('openai SDK, models', () => {
  test('models.list() lists the served models in OpenAI\'s shape', async () => {
    const ids = [];
    for await (const model of client.models.list()) {
      assert.equal(model.object, 'model');
      assert.equal(typeof model.owned_by, 'string');
      ids.push(model.id);
    }
    assert.ok(ids.includes(CLAUDE), `${CLAUDE} should be listed: ${ids}`);
    assert.ok(ids.includes(CLAUDE_DIRECT), `${CLAUDE_DIRECT} should be listed: ${ids}`);
    assert.equal(new Set(ids).size, ids.length, 'each model once');
  });

  test('models.retrieve() finds a served model and 404s an unknown one', async () => {
    const model = await client.models.retrieve(CLAUDE);
    assert.equal(model.id, CLAUDE);
    assert.equal(model.owned_by, 'anthropic');
    await assert.rejects(client.models.retrieve('no-such-model-1'), OpenAI.NotFoundError);
  });

  test('models.list() includes the demo model', async () => {
    const models = [];
    for await (const model of client.models.list()) {
      models.push(model);
    }
    const demo = models.find((m) => m.id === DEMO);
    assert.ok(demo, `demo missing from ${models.map((m) => m.id)}`);
    assert.equal(demo.owned_by, 'demo');
  });
});

describe('openai SDK, cached route (AiSemanticCache)', () => {
  const CACHED = 'demo-cached';

  test('a repeated stream is replayed from the cache as a proper stream', async () => {
    const messages = [{ role: 'user', content: `cache me ${Date.now()}` }];
    const first = await client.chat.completions
      .create({ model: CACHED, messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    assert.equal(first.response.headers.get('x-switchboard-cache'), 'miss');
    const original = await collect(first.data);
    assertDemoEcho(original.text, messages[0].content);

    const second = await client.chat.completions
      .create({ model: CACHED, messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    assert.equal(second.response.headers.get('x-switchboard-cache'), 'hit');
    const replayed = await collect(second.data);
    assert.equal(replayed.role, 'assistant');
    assert.equal(replayed.text, original.text);
    assert.equal(replayed.finish, 'stop');
    assert.ok(replayed.usage, 'usage chunk expected on the replay too');
    assert.equal(replayed.usage.total_tokens, original.usage.total_tokens);

    // The stream helper and a plain JSON call get the same answer from the cache.
    const final = await client.chat.completions.stream({ model: CACHED, messages }).finalChatCompletion();
    assert.equal(final.choices[0].message.content, original.text);
    const { data, response } = await client.chat.completions.create({ model: CACHED, messages }).withResponse();
    assert.equal(response.headers.get('x-switchboard-cache'), 'hit');
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0].message.content, original.text);
  });

  test('x-switchboard-cache: no-cache goes to the model again', async () => {
    const messages = [{ role: 'user', content: `fresh ${Date.now()}` }];
    await client.chat.completions.create({ model: CACHED, messages });
    const { response } = await client.chat.completions
      .create({ model: CACHED, messages }, { headers: { 'x-switchboard-cache': 'no-cache' } })
      .withResponse();
    assert.equal(response.headers.get('x-switchboard-cache'), 'miss');
  });
});
