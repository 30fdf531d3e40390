// Chat.uploadFile (Slack's external upload flow) against the Slack Web API fake, over real HTTP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createChartRenderer } from '../../src/adapters/charts/failing-share-chart.js';
import { createSlackChat } from '../../src/adapters/slack/slack-chat.js';
import { ChatChannelGoneError, ChatRateLimitedError, ChatUnavailableError } from '../../src/app/ports/chat.js';
import type { Chat } from '../../src/app/ports/chat.js';
import { startSlackFake } from '../fakes/slack-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';

async function setup(t: TestContext): Promise<{ fake: SlackFake; chat: Chat; png: Buffer }> {
  const fake = await startSlackFake();
  t.after(() => fake.close());
  const chat = createSlackChat({ token: fake.token, apiUrl: fake.url, timeoutMs: 2_000 });
  const points = Array.from({ length: 60 }, (_, i): [number, number] => [1_772_366_400 + i * 60, 0.02 + ((i * 7919) % 13) / 100]);
  const png = await createChartRenderer().failingShare({ title: 'INC-42 failing share', series: [{ name: 'eu-west-1', points }], threshold: 0.05 });
  return { fake, chat, png };
}

async function roomOf(chat: Chat, name: string): Promise<string> {
  const created = await chat.createChannel(name);
  assert.ok(created.ok, `the bot creates #${name}`);
  return created.value.id;
}

/** The error a call rejects with (fails the test if it resolves). */
async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('Chat.uploadFile', () => {
  test('uploads a PNG into a channel the bot created: URL, bytes, completion', async (t) => {
    const { fake, chat, png } = await setup(t);
    const channel = await roomOf(chat, 'inc-42-checkout');

    const outcome = await chat.uploadFile(channel, { filename: 'inc-42-failing-share.png', title: 'INC-42 failing share', bytes: png });

    assert.ok(outcome.ok, `the upload succeeds: ${JSON.stringify(outcome)}`);
    const getUrl = fake.calls('files.getUploadURLExternal');
    assert.equal(getUrl.length, 1, 'files.getUploadURLExternal called once');
    assert.equal(getUrl[0]?.args.filename, 'inc-42-failing-share.png', 'with the filename');
    assert.equal(Number(getUrl[0]?.args.length), png.length, 'with the byte length');
    const uploads = fake.calls('upload');
    assert.equal(uploads.length, 1, 'the bytes were posted to the upload URL once');
    assert.equal(uploads[0]?.status, 200, 'the upload was accepted');
    assert.equal(uploads[0]?.token, null, 'the bot token is not sent to the upload URL');
    const complete = fake.calls('files.completeUploadExternal');
    assert.equal(complete.length, 1, 'files.completeUploadExternal called once');
    assert.equal(complete[0]?.args.channel_id, channel, 'completed into the channel');
    assert.ok((getUrl[0]?.seq ?? 0) < (uploads[0]?.seq ?? 0) && (uploads[0]?.seq ?? 0) < (complete[0]?.seq ?? 0), 'in the order URL → upload → complete');

    const files = fake.files(channel);
    assert.equal(files.length, 1, 'one file shared into the channel');
    const [file] = files;
    assert.ok(file !== undefined, 'the shared file');
    assert.ok(file.bytes.equals(png), 'the stored bytes equal the original PNG');
    assert.equal(file.title, 'INC-42 failing share', 'with its title');
    assert.equal(file.filename, 'inc-42-failing-share.png', 'and its filename');
    assert.deepEqual(outcome.value, { fileId: file.id, permalink: file.permalink }, 'the outcome carries the file id and permalink');
    assert.match(outcome.value.permalink ?? '', /^https:\/\/.+\.slack\.com\/files\//, 'a Slack file permalink');
    assert.deepEqual(fake.violations(), [], 'no call ignored a Retry-After');
  });

  test('a missing channel is ChatChannelGoneError (files.completeUploadExternal answers invalid_channel); nothing is shared', async (t) => {
    const { fake, chat, png } = await setup(t);
    const gone = await chat.uploadFile('C99999999', { filename: 'chart.png', title: 'chart', bytes: png }).then(
      () => assert.fail('a gone channel must not be a value: no retry can help, the room is marked gone'),
      (err: unknown) => err,
    );
    assert.ok(gone instanceof ChatChannelGoneError, String(gone));
    assert.deepEqual([gone.channelId, gone.reason, gone.slackError], ['C99999999', 'deleted', 'invalid_channel']);
    assert.deepEqual(fake.files(), [], 'no file was shared');
  });

  test('a channel the bot is not in gives not_in_channel', async (t) => {
    const { fake, chat, png } = await setup(t);
    const seeded = fake.addChannel({ name: 'stakeholders', members: ['U0ALICE'] });
    const outcome = await chat.uploadFile(seeded.id, { filename: 'chart.png', title: 'chart', bytes: png });
    assert.deepEqual(outcome, { ok: false, error: 'not_in_channel' }, 'not_in_channel as a value');
    assert.deepEqual(fake.files(seeded.id), [], 'no file was shared');
  });

  test('a 5xx from the upload host is ChatUnavailableError and completes nothing', async (t) => {
    const { fake, chat, png } = await setup(t);
    const channel = await roomOf(chat, 'inc-43');
    fake.failNext('upload', { status: 503 });
    const err = await rejection(chat.uploadFile(channel, { filename: 'chart.png', title: 'chart', bytes: png }));
    assert.ok(err instanceof ChatUnavailableError, `ChatUnavailableError, got ${String(err)}`);
    assert.equal(err.operation, 'uploadFile', 'for the uploadFile operation');
    assert.equal(fake.calls('files.completeUploadExternal').length, 0, 'the upload was not completed');
    assert.deepEqual(fake.files(), [], 'no file was shared');
  });

  test('a 429 on files.completeUploadExternal is ChatRateLimitedError with its Retry-After', async (t) => {
    const { fake, chat, png } = await setup(t);
    const channel = await roomOf(chat, 'inc-44');
    fake.rateLimit('files.completeUploadExternal', { retryAfterSeconds: 7, count: 1 });
    const err = await rejection(chat.uploadFile(channel, { filename: 'chart.png', title: 'chart', bytes: png }));
    assert.ok(err instanceof ChatRateLimitedError, `ChatRateLimitedError, got ${String(err)}`);
    assert.equal(err.retryAfterSeconds, 7, 'carries Slack’s Retry-After');
    assert.equal(err.operation, 'uploadFile', 'for the uploadFile operation');
  });

  test('Slack down (the fake stopped) is ChatUnavailableError', async (t) => {
    const { fake, chat, png } = await setup(t);
    const channel = await roomOf(chat, 'inc-45');
    await fake.stop();
    const err = await rejection(chat.uploadFile(channel, { filename: 'chart.png', title: 'chart', bytes: png }));
    assert.ok(err instanceof ChatUnavailableError, `ChatUnavailableError, got ${String(err)}`);
  });
});

describe('the Slack fake’s upload flow', () => {
  test('enforces auth, required arguments and the announced length', async (t) => {
    const { fake } = await setup(t);
    const call = async (method: string, form: Record<string, string>, token: string | null = fake.token): Promise<any> => {
      const res = await fetch(`${fake.url}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body: new URLSearchParams(form).toString(),
      });
      return res.json();
    };
    assert.equal((await call('files.getUploadURLExternal', { filename: 'a.png', length: '3' }, null)).error, 'not_authed', 'a token is required');
    assert.equal((await call('files.getUploadURLExternal', { length: '3' })).error, 'invalid_arguments', 'filename is required');
    assert.equal((await call('files.getUploadURLExternal', { filename: 'a.png' })).error, 'invalid_arguments', 'length is required');

    const target = await call('files.getUploadURLExternal', { filename: 'a.png', length: '3' });
    assert.equal(target.ok, true, 'an upload URL is handed out');
    assert.match(target.upload_url, new RegExp(`/upload/${target.file_id}$`), 'the URL names the file id');
    const wrong = await fetch(target.upload_url, { method: 'POST', body: new Uint8Array([1, 2]) });
    assert.equal(wrong.status, 400, 'a body shorter than announced is refused');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'a.png');
    const right = await fetch(target.upload_url, { method: 'POST', body: form });
    assert.equal(right.status, 200, 'a multipart body of the announced length is accepted');
    assert.equal(await right.text(), 'OK - 3', 'Slack’s answer to an upload');

    const channel = fake.addChannel({ name: 'inc-46', members: [fake.botUserId] });
    assert.equal((await call('files.completeUploadExternal', { channel_id: channel.id })).error, 'invalid_arguments', 'files is required');
    const files = JSON.stringify([{ id: target.file_id, title: 'A' }]);
    assert.equal((await call('files.completeUploadExternal', { files })).error, 'invalid_arguments', 'channel_id is required');
    const unknown = JSON.stringify([{ id: 'F0000000999' }]);
    assert.equal((await call('files.completeUploadExternal', { files: unknown, channel_id: channel.id })).error, 'file_not_found', 'an unknown file id');
    const done = await call('files.completeUploadExternal', { files, channel_id: channel.id });
    assert.equal(done.ok, true, 'completed');
    assert.equal(done.files[0].title, 'A', 'the answer carries the title');
    assert.deepEqual([...(fake.files(channel.id)[0]?.bytes ?? [])], [1, 2, 3], 'the multipart file part is what was stored');
  });
});
