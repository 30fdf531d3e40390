/**
 * Files through Slack's external upload flow: files.getUploadURLExternal hands out a pre-signed URL
 * (here the workspace's own `/upload/<id>`), the bytes are POSTed there, and
 * files.completeUploadExternal shares the file into a channel.
 */
import type { IncomingMessage } from 'node:http';
import { fail, failWithMessages, isObject, jsonArg, ok, pad, required, str, type Json, type Outcome } from '../args.js';
import { rawAnswer, type Answer } from '../http.js';
import { fileJson } from '../shapes.js';
import { channelForWrite, isOutcome, type FileState, type MethodTable, type WorkspaceState } from '../state.js';

function filesGetUploadURLExternal(ws: WorkspaceState, args: Json): Outcome {
  const filename = required(args, 'filename');
  if (filename === undefined) return failWithMessages('invalid_arguments', ['missing required field: filename']);
  const lengthText = required(args, 'length');
  if (lengthText === undefined) return failWithMessages('invalid_arguments', ['missing required field: length']);
  const length = Number(lengthText);
  if (!Number.isInteger(length) || length <= 0) return failWithMessages('invalid_arguments', ['must be a positive integer [json-pointer:/length]']);
  ws.counters.file += 1;
  const id = `F${pad(ws.counters.file, 10)}`;
  const slug = filename.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
  const permalink = `https://${ws.teamDomain}.slack.com/files/${ws.botUserId}/${id}/${slug}`;
  ws.files.set(id, { id, filename, length, bytes: null, title: filename, channel: null, permalink });
  // Slack answers a pre-signed URL on its upload host; here it is the workspace's own /upload/<id>.
  return ok({ upload_url: ws.options.uploadUrl(id), file_id: id });
}

function filesCompleteUploadExternal(ws: WorkspaceState, args: Json): Outcome {
  const list = jsonArg(args.files);
  if (!list.present) return failWithMessages('invalid_arguments', ['missing required field: files']);
  if (!list.ok || !Array.isArray(list.value) || list.value.length === 0) {
    return failWithMessages('invalid_arguments', ['must provide an array with at least 1 items [json-pointer:/files]']);
  }
  const channelId = required(args, 'channel_id');
  if (channelId === undefined) return failWithMessages('invalid_arguments', ['missing required field: channel_id']);
  const ch = channelForWrite(ws, channelId);
  // This method's documented code for a channel that is gone or archived is `invalid_channel`.
  if (isOutcome(ch)) return ch.error === 'channel_not_found' || ch.error === 'is_archived' ? fail('invalid_channel') : ch;
  const picked: { file: FileState; title: string | undefined }[] = [];
  for (const [i, entry] of (list.value as unknown[]).entries()) {
    if (!isObject(entry) || typeof entry.id !== 'string') return failWithMessages('invalid_arguments', [`missing required field: id [json-pointer:/files/${i}]`]);
    const file = ws.files.get(entry.id);
    // A file whose bytes never arrived is not a file Slack can share.
    if (file === undefined || file.bytes === null) return fail('file_not_found');
    picked.push({ file, title: str(entry.title) });
  }
  for (const { file, title } of picked) {
    if (file.channel !== null) continue; // completing again is harmless: the file stays where it was shared
    file.channel = ch.id;
    file.title = title !== undefined && title !== '' ? title : file.filename;
  }
  return ok({ files: picked.map(({ file }) => fileJson(ws, file)) });
}


export const fileMethods: MethodTable = {
  'files.getUploadURLExternal': filesGetUploadURLExternal,
  'files.completeUploadExternal': filesCompleteUploadExternal,
};

/** `POST /upload/<file id>`: the bytes, raw or as the file part of a multipart form; Slack answers `OK - <length>`. */
export function storeUpload(ws: WorkspaceState, req: IncomingMessage, fileId: string, raw: Buffer): Answer {
  const text = (status: number, body: string): Answer => rawAnswer(status, body, false);
  if (req.method !== 'POST') return text(405, 'Method Not Allowed');
  const file = ws.files.get(fileId);
  if (file === undefined) return text(404, 'Not Found');
  if (file.channel !== null) return text(400, 'upload already completed');
  const contentType = req.headers['content-type'] ?? '';
  const bytes = /^multipart\/form-data/i.test(contentType) ? multipartFile(raw, contentType) : raw;
  if (bytes === null) return text(400, 'no file part in the multipart body');
  if (bytes.length !== file.length) return text(400, `length mismatch: files.getUploadURLExternal announced ${file.length} bytes, received ${bytes.length}`);
  file.bytes = Buffer.from(bytes);
  return text(200, `OK - ${bytes.length}`);
}

/** The first part of a multipart/form-data body that carries a filename (as `curl -F file=@chart.png` sends it); null if none. */
function multipartFile(body: Buffer, contentType: string): Buffer | null {
  const found = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = found?.[1] ?? found?.[2];
  if (boundary === undefined) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return null; // closing delimiter
    const headersEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    if (headersEnd < 0) return null;
    const end = body.indexOf(next, headersEnd + 4);
    if (end < 0) return null;
    if (/filename=/i.test(body.subarray(afterDelimiter, headersEnd).toString('utf8'))) return body.subarray(headersEnd + 4, end);
    at = end + 2;
  }
  return null;
}
