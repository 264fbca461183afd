import { storeContract } from '../store-contract.ts'
import { openTestSqlClient } from './open-sql-client.ts'
import { openPostgresStore } from './postgres-store.ts'

// PostgreSQL when DATABASE_URL is set (CI), PGlite otherwise; a fresh schema either way, dropped at close.
storeContract(process.env.DATABASE_URL ? 'postgres' : 'pglite', async () => {
  const { client, drop } = await openTestSqlClient()
  const store = await openPostgresStore(client, { closeClient: false })
  const close = store.close.bind(store)
  store.close = async () => {
    await close()
    await drop()
  }
  return store
})
