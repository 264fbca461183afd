import { storeContract } from '../store-contract.ts'
import { openDuckDbStore } from './duckdb-store.ts'

storeContract('duckdb', () => openDuckDbStore(':memory:'))
