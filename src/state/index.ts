/** Conversation state across restarts and instances (issue 11). */
export { ANY_ETAG, CREATE_ONLY_ETAG, STATE_CONFLICT_MESSAGE, StateConflictError, isStateConflict, writeCondition, type WriteCondition } from './stateConflict';
export { BoundedMemoryStorage, DEFAULT_IDLE_MS, DEFAULT_MAX_ITEMS, type BoundedMemoryStorageOptions } from './boundedMemoryStorage';
export { BlobStateStorage, MAX_BLOB_NAME_LENGTH, type BlobStateStorageOptions } from './blobStateStorage';
export { OptimisticConversationState, ETAG_NOT_REPORTED_ERROR } from './optimisticConversationState';
export { ConversationTurnLock, KeyedLock, conversationLockKey, DEFAULT_LOCK_MAX_WAIT_MS, type ConversationTurnLockOptions, type KeyedLockOptions } from './conversationTurnLock';
export { createStateStorage } from './createStateStorage';
export { isJsonItemStorage, type JsonItemStorage, type StoredJson } from './jsonItemStorage';
