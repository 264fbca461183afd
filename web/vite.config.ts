import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The app is served by `dragnet serve` from web/dist, same origin as the API; `npm run web:dev` proxies /v1 to a
// running server so the app can be worked on with hot reload.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/v1': process.env.DRAGNET_API ?? 'http://127.0.0.1:8080' } },
})
