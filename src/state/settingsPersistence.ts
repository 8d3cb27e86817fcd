// The experiment settings survive a reload: every change is kept in this browser (localStorage, as a share-link body)
// and put back when the page opens without a link (a link in the address bar always wins).
import { decodeLink, encodeLink } from '../experiment';
import { useExperimentStore } from './experimentStore';

export const SETTINGS_KEY = 'mutor-playground-settings';

/** Where the settings live; localStorage on the page. Every method may throw (storage off, full). */
export interface SettingsStorage {
  get(): string | null;
  set(link: string): void;
}

export const localSettingsStorage: SettingsStorage = {
  get: () => window.localStorage.getItem(SETTINGS_KEY),
  set: (link) => window.localStorage.setItem(SETTINGS_KEY, link),
};

/**
 * Restores the kept settings unless `hasLink` (the page opened from a share link), then keeps every change.
 * Returns a function that stops. A storage that fails is ignored: settings then last as long as the page.
 */
export function startSettingsPersistence(hasLink: boolean, storage: SettingsStorage = localSettingsStorage): () => void {
  if (!hasLink) {
    try {
      const kept = storage.get();
      // Fields an older page wrote that this one no longer accepts fall back to their defaults, one by one.
      if (kept) useExperimentStore.getState().setConfig(decodeLink(kept).config);
    } catch {
      // no storage: start from the default
    }
  }
  return useExperimentStore.subscribe((s, before) => {
    if (s.config === before.config) return;
    try {
      storage.set(encodeLink(s.config));
    } catch {
      // full or off: nothing to do
    }
  });
}
