import { DefaultMessageStore, type OrbitStoreConfig } from './default-message-store';
import type { MessageStore, MessageStoreConfig } from './message-store';

/** The store behind the contract in message-store.ts. Extra tuning fields (StoreTuning) are optional. */
export function createMessageStore(config: MessageStoreConfig): MessageStore {
  return new DefaultMessageStore(config as OrbitStoreConfig);
}

export type { OrbitStoreConfig, StoreTuning } from './default-message-store';
