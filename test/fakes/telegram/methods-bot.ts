// Bot-level methods: identity, getting updates (long polling / webhook), commands, callback
// answers and chat actions.
import type { MethodHandler } from './methods-common.js';
import { chatId, optBool, optInt, optJson, optString } from './params.js';
import type { BotCommand } from './state.js';
import { ApiError, badRequest } from './types.js';

const WEBHOOK_ACTIVE = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const TERMINATED = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const getMe: MethodHandler = ({ state }) => ({
  ...state.botUser(),
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

function updateTypes(raw: unknown): string[] | undefined {
  return Array.isArray(raw) && raw.length > 0 ? raw.map(String) : undefined;
}

const getUpdates: MethodHandler = async ({ state, params, signal }) => {
  if (state.webhook) throw new ApiError(409, WEBHOOK_ACTIVE);
  const limit = Math.min(100, Math.max(1, optInt(params, 'limit') ?? 100));
  const timeout = Math.max(0, optInt(params, 'timeout') ?? 0);
  const allowed = updateTypes(optJson(params, 'allowed_updates'));
  if (allowed) state.allowedUpdates = allowed;
  state.confirm(optInt(params, 'offset'));

  // Only one getUpdates may wait at a time: a newer request terminates the older one with 409.
  state.activePoll?.abort();
  const mine = new AbortController();
  state.activePoll = mine;
  const onClientGone = () => mine.abort();
  signal.addEventListener('abort', onClientGone);
  try {
    let batch = state.peekUpdates(limit);
    if (batch.length === 0 && timeout > 0) {
      await state.waitForUpdate(Math.min(timeout * 1000, state.maxLongPollMs), mine.signal);
      if (mine.signal.aborted && !signal.aborted) throw new ApiError(409, TERMINATED);
      batch = state.peekUpdates(limit);
    }
    return batch;
  } finally {
    signal.removeEventListener('abort', onClientGone);
    if (state.activePoll === mine) state.activePoll = null;
  }
};

const setWebhook: MethodHandler = ({ state, params }) => {
  const url = optString(params, 'url') ?? '';
  const dropPending = optBool(params, 'drop_pending_updates') ?? false;
  if (url === '') {
    // An empty url removes the webhook, like deleteWebhook.
    state.webhook = null;
  } else {
    if (!URL.canParse(url)) throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    // As strict as the real server; tests reach the service through fake.proxy() (their "reverse proxy").
    const target = new URL(url);
    if (target.protocol !== 'https:') throw badRequest('bad webhook: HTTPS url must be provided for webhook');
    if (target.port && !['80', '88', '443', '8443'].includes(target.port))
      throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
    const secret = optString(params, 'secret_token');
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw badRequest('secret token contains unallowed characters');
    }
    const maxConnections = optInt(params, 'max_connections');
    const allowed = updateTypes(optJson(params, 'allowed_updates'));
    state.webhook = { url };
    if (secret !== undefined) state.webhook.secret_token = secret;
    if (allowed) state.webhook.allowed_updates = allowed;
    if (maxConnections !== undefined) state.webhook.max_connections = maxConnections;
  }
  if (dropPending) state.dropPending();
  return true;
};

const deleteWebhook: MethodHandler = ({ state, params }) => {
  state.webhook = null;
  if (optBool(params, 'drop_pending_updates')) state.dropPending();
  return true;
};

const getWebhookInfo: MethodHandler = ({ state }) => ({
  url: state.webhook?.url ?? '',
  has_custom_certificate: false,
  pending_update_count: state.pendingCount,
  ...(state.webhook?.max_connections !== undefined && { max_connections: state.webhook.max_connections }),
  ...(state.webhook?.allowed_updates && { allowed_updates: state.webhook.allowed_updates }),
});

/** Commands are stored per (scope, language_code), as the real server does. */
function commandsKey(params: Record<string, unknown>): string {
  const scope = optJson(params, 'scope') ?? { type: 'default' };
  return `${JSON.stringify(scope)}|${optString(params, 'language_code') ?? ''}`;
}

const setMyCommands: MethodHandler = ({ state, params }) => {
  const raw = optJson(params, 'commands');
  if (!Array.isArray(raw)) throw badRequest('field "commands" must be an Array');
  if (raw.length > 100) throw badRequest('too many commands specified');
  const commands: BotCommand[] = raw.map((c: unknown) => {
    const { command, description } = (c ?? {}) as { command?: unknown; description?: unknown };
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim() === '' || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
  state.commands.set(commandsKey(params), commands);
  return true;
};

const getMyCommands: MethodHandler = ({ state, params }) => state.commands.get(commandsKey(params)) ?? [];

const deleteMyCommands: MethodHandler = ({ state, params }) => {
  state.commands.delete(commandsKey(params));
  return true;
};

const answerCallbackQuery: MethodHandler = ({ state, params }) => {
  const id = optString(params, 'callback_query_id') ?? '';
  if ((optString(params, 'text') ?? '').length > 200) throw badRequest('MESSAGE_TOO_LONG');
  // Each query can be answered once; unknown and already answered ids get the same error.
  if (!state.callbackQueries.delete(id)) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  return true;
};

const sendChatAction: MethodHandler = ({ params }) => {
  chatId(params);
  if (!CHAT_ACTIONS.has(optString(params, 'action') ?? '')) throw badRequest('wrong parameter action in request');
  return true;
};

export const botMethods: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  answerCallbackQuery,
  sendChatAction,
};
