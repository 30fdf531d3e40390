import { ChatRateLimitedError, ChatUnavailableError, type Chat } from '../ports/chat.js';
import { MetricsUnavailableError, type MetricsSource } from '../ports/metrics.js';
import { PagingUnavailableError, type PagingProvider } from '../ports/paging.js';
import type { DependencyMonitor } from './dependency-monitor.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Chat that reports every call's outcome to the monitor. */
export function monitoredChat(chat: Chat, monitor: DependencyMonitor): Chat {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await fn(...args);
        monitor.succeeded('slack');
        return result;
      } catch (err) {
        if (err instanceof ChatUnavailableError) monitor.failed('slack', message(err));
        else if (err instanceof ChatRateLimitedError) monitor.limited('slack', message(err));
        throw err;
      }
    };
  return {
    createChannel: wrap(chat.createChannel.bind(chat)),
    findChannel: wrap(chat.findChannel.bind(chat)),
    setTopic: wrap(chat.setTopic.bind(chat)),
    setPurpose: wrap(chat.setPurpose.bind(chat)),
    invite: wrap(chat.invite.bind(chat)),
    archive: wrap(chat.archive.bind(chat)),
    post: wrap(chat.post.bind(chat)),
    findPosted: wrap(chat.findPosted.bind(chat)),
    update: wrap(chat.update.bind(chat)),
    postEphemeral: wrap(chat.postEphemeral.bind(chat)),
    pin: wrap(chat.pin.bind(chat)),
    bookmark: wrap(chat.bookmark.bind(chat)),
    editBookmark: wrap(chat.editBookmark.bind(chat)),
    uploadFile: wrap(chat.uploadFile.bind(chat)),
    lookupUserByEmail: wrap(chat.lookupUserByEmail.bind(chat)),
    fetchMessage: wrap(chat.fetchMessage.bind(chat)),
  };
}

export function monitoredPaging(provider: PagingProvider, monitor: DependencyMonitor): PagingProvider {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await fn(...args);
        monitor.succeeded(provider.name);
        return result;
      } catch (err) {
        if (err instanceof PagingUnavailableError) monitor.failed(provider.name, message(err));
        else monitor.succeeded(provider.name); // it answered, with a refusal
        throw err;
      }
    };
  return {
    name: provider.name,
    onCall: wrap(provider.onCall.bind(provider)),
    page: wrap(provider.page.bind(provider)),
    isAcknowledged: wrap(provider.isAcknowledged.bind(provider)),
    resolve: wrap(provider.resolve.bind(provider)),
    addNote: wrap(provider.addNote.bind(provider)),
    ...(provider.hasNote ? { hasNote: wrap(provider.hasNote.bind(provider)) } : {}),
    ...(provider.setSeverity ? { setSeverity: wrap(provider.setSeverity.bind(provider)) } : {}),
    ...(provider.acknowledgement ? { acknowledgement: wrap(provider.acknowledgement.bind(provider)) } : {}),
    // Optional methods stay absent where the provider has none, so callers can tell.
    ...(provider.findUser ? { findUser: wrap(provider.findUser.bind(provider)) } : {}),
    ...(provider.escalate ? { escalate: wrap(provider.escalate.bind(provider)) } : {}),
  };
}

export function monitoredMetrics(source: MetricsSource, monitor: DependencyMonitor): MetricsSource {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await fn(...args);
        monitor.succeeded(source.name);
        return result;
      } catch (err) {
        if (err instanceof MetricsUnavailableError) monitor.failed(source.name, message(err));
        throw err;
      }
    };
  return { name: source.name, instant: wrap(source.instant.bind(source)), range: wrap(source.range.bind(source)), filtered: source.filtered.bind(source) };
}
