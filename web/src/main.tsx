import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { SessionProvider } from './api/session.tsx'
import { App } from './app/App.tsx'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('no #root element')
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
)
