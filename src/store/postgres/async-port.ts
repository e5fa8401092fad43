/**
 * The port shapes this adapter implements (the asynchronous port of src/store/store.ts).
 */
import type { MaintainableStore, Store, StoreReader, StoreTx } from '../store.js';

export type AsyncReader = StoreReader;
export type AsyncTx = StoreTx;
export type AsyncStore = Store;
export type AsyncMaintainableStore = MaintainableStore;
