// LangChain (`@langchain/openai`) against the running gateway.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import {
  GATEWAY_URL, GATEWAY_KEY, DEMO, CLAUDE, CLAUDE_DIRECT, FAKE_USAGE, WEATHER_TOOL, assertDemoEcho, claudeEcho,
} from './lib/gateway.mjs';

function chat(model, options = {}) {
  return new ChatOpenAI({ model, apiKey: GATEWAY_KEY, configuration: { baseURL: GATEWAY_URL }, maxRetries: 0, ...options });
}

/** Streams a model's answer; returns the merged message chunk and the number of chunks. */
async function streamAll(model, input) {
  let merged;
  let count = 0;
  for await (const chunk of await model.stream(input)) {
    count++;
    merged = merged ? merged.concat(chunk) : chunk;
  }
  return { merged, count };
}

describe('LangChain ChatOpenAI, demo model', () => {
  test('invoke', async () => {
    const message = await chat(DEMO).invoke('Hello from LangChain');
    assertDemoEcho(message.content, 'Hello from LangChain');
    assert.equal(message.response_metadata.finish_reason, 'stop');
    assert.ok(message.usage_metadata.input_tokens > 0);
    assert.ok(message.usage_metadata.output_tokens > 0);
    assert.equal(message.usage_metadata.total_tokens,
      message.usage_metadata.input_tokens + message.usage_metadata.output_tokens);
  });

  test('stream', async () => {
    const { merged, count } = await streamAll(chat(DEMO), 'Stream from LangChain');
    assertDemoEcho(merged.content, 'Stream from LangChain');
    assert.ok(count > 3, `several chunks expected, got ${count}`);
    // ChatOpenAI streams with stream_options.include_usage (streamUsage defaults to true).
    assert.ok(merged.usage_metadata?.input_tokens > 0, JSON.stringify(merged.usage_metadata));
    assert.ok(merged.usage_metadata?.output_tokens > 0);
  });

  test('OpenAIEmbeddings: embedDocuments and embedQuery give 64 dimensions', async () => {
    const embeddings = new OpenAIEmbeddings({
      model: DEMO, apiKey: GATEWAY_KEY, configuration: { baseURL: GATEWAY_URL }, maxRetries: 0,
    });
    const documents = await embeddings.embedDocuments(['first text', 'first text', 'second one']);
    assert.equal(documents.length, 3);
    documents.forEach((v) => assert.equal(v.length, 64));
    assert.deepEqual(documents[0], documents[1]);
    assert.notDeepEqual(documents[0], documents[2]);
    const query = await embeddings.embedQuery('first text');
    assert.equal(query.length, 64);
    assert.deepEqual(await embeddings.embedQuery('first text'), query);
  });
});

describe('LangChain ChatOpenAI, Anthropic through translation', () => {
  for (const model of [CLAUDE, CLAUDE_DIRECT]) {
    test(`${model}: invoke with a system message`, async () => {
      const message = await chat(model).invoke([
        new SystemMessage('Be terse.'),
        new HumanMessage('Hi Claude, from LangChain'),
      ]);
      assert.equal(message.content, `${claudeEcho('Hi Claude, from LangChain')} System: "Be terse.".`);
      assert.equal(message.response_metadata.finish_reason, 'stop');
      assert.equal(message.usage_metadata.input_tokens, FAKE_USAGE.input);
      assert.equal(message.usage_metadata.output_tokens, FAKE_USAGE.output);
      assert.equal(message.usage_metadata.total_tokens, FAKE_USAGE.input + FAKE_USAGE.output);
    });

    test(`${model}: stream`, async () => {
      const { merged, count } = await streamAll(chat(model), 'Stream, Claude, from LangChain');
      assert.equal(merged.content, claudeEcho('Stream, Claude, from LangChain'));
      assert.ok(count > 3, `several chunks expected, got ${count}`);
      assert.equal(merged.usage_metadata?.input_tokens, FAKE_USAGE.input);
      assert.equal(merged.usage_metadata?.output_tokens, FAKE_USAGE.output);
    });
  }

  test('bindTools: invoke returns tool_calls, and a ToolMessage gets the answer', async () => {
    const model = chat(CLAUDE).bindTools([WEATHER_TOOL]);
    const question = new HumanMessage('What is the weather in Paris?');
    const first = await model.invoke([question]);
    assert.equal(first.tool_calls.length, 1);
    const [call] = first.tool_calls;
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(call.args, { city: 'Paris' });
    assert.match(call.id, /\S/);
    assert.equal(first.response_metadata.finish_reason, 'tool_calls');
    const second = await model.invoke([
      question, first, new ToolMessage({ tool_call_id: call.id, content: '18 degrees' }),
    ]);
    assert.equal(second.content, 'The tool returned: 18 degrees.');
  });

  test('bindTools: stream assembles the tool call from chunks', async () => {
    const { merged } = await streamAll(chat(CLAUDE_DIRECT).bindTools([WEATHER_TOOL]), 'Weather in Paris, streamed?');
    assert.equal(merged.content, 'Let me look that up.');
    assert.equal(merged.tool_calls.length, 1);
    assert.equal(merged.tool_calls[0].name, 'get_weather');
    assert.deepEqual(merged.tool_calls[0].args, { city: 'Paris' });
  });
});

describe('LangChain ChatOpenAI, errors', () => {
  test('an unknown model rejects with the gateway\'s 404', async () => {
    await assert.rejects(chat('no-such-model-1').invoke('x'), (error) => {
      assert.equal(error.status, 404);
      assert.match(error.message, /no-such-model-1/);
      return true;
    });
  });

  test('a wrong key rejects with 401', async () => {
    const wrong = new ChatOpenAI({ model: DEMO, apiKey: 'sk-wrong', configuration: { baseURL: GATEWAY_URL }, maxRetries: 0 });
    await assert.rejects(wrong.invoke('x'), (error) => {
      assert.equal(error.status, 401);
      return true;
    });
  });
});
