import {
  createConversationStateRepository,
  type ConversationState,
} from '../../modules/conversation-state/conversation-state.repository.js';
import type { Platform } from '../../shared/db/enums.js';
import type { ConversationDeps, ConversationResult } from '../conversation.types.js';
import { text } from '../conversation.types.js';

// Helpers shared by the task flows (resolution, assignment, reports).
type Sender = { platform: Platform; user: { externalId: string } };

export const accountOf = (e: Sender) => ({ platform: e.platform, externalId: e.user.externalId });
export const statesOf = (deps: ConversationDeps) => createConversationStateRepository({ db: deps.db });

/** Button data and stored state are untrusted: an id is a plain positive integer or nothing. */
export const toId = (s: unknown): number | null =>
  typeof s === 'string' && /^\d{1,15}$/.test(s) ? Number(s) : typeof s === 'number' && Number.isSafeInteger(s) && s > 0 ? s : null;

/** A short random tag tying a confirm button to the flow that showed it (an old button confirms nothing). */
export const newNonce = () => Math.random().toString(36).slice(2, 8);

/** The stored state of one flow, or undefined when another (or none) is pending. */
export async function pending<T>(e: Sender, flow: string, deps: ConversationDeps): Promise<T | undefined> {
  const state: ConversationState | undefined = await statesOf(deps).get(accountOf(e), deps.clock.now());
  return state?.flow === flow ? (state.data as T) : undefined;
}

export const save = (e: Sender, flow: string, data: object, deps: ConversationDeps) =>
  statesOf(deps).set(accountOf(e), { flow, data: data as Record<string, unknown> }, deps.clock.now());

/** A kind answer to a button press: in the chat and as the toast. */
export const answer = (said: string, toast = said): ConversationResult => ({ replies: [text(said)], buttonAnswer: toast });
