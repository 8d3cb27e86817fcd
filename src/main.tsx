import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { loseGpuDevice } from './state/trainerBridge';
import './ui/styles.css';

// For e2e: what a lost GPU device does to the runs, without waiting for a driver to reset.
Object.assign(window, { mutorTestHooks: { loseDevice: loseGpuDevice } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
