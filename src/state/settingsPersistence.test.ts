import { afterEach, describe, expect, it } from 'vitest';
import { encodeLink, presetById } from '../experiment';
import { useExperimentStore } from './experimentStore';
import { startSettingsPersistence, type SettingsStorage } from './settingsPersistence';

function memoryStorage(initial: string | null = null): SettingsStorage & { value: string | null } {
  const s = {
    value: initial,
    get: () => s.value,
    set: (link: string) => void (s.value = link),
  };
  return s;
}

afterEach(() => useExperimentStore.getState().reset());

describe('settings kept across a reload', () => {
  it('keeps every change and puts it back on the next open', () => {
    const storage = memoryStorage();
    const stop = startSettingsPersistence(false, storage);
    useExperimentStore.getState().setConfig(presetById('tiny')!.config);
    useExperimentStore.getState().setField('steps', 100);
    stop();
    expect(storage.value).toBe(encodeLink(useExperimentStore.getState().config));
    useExperimentStore.getState().reset();
    expect(useExperimentStore.getState().config.steps).not.toBe(100);
    const stopAgain = startSettingsPersistence(false, storage);
    expect(useExperimentStore.getState().config).toMatchObject({ name: 'Tiny star graph', steps: 100 });
    stopAgain();
  });

  it('a share link wins over the kept settings, and a failing storage is ignored', () => {
    const storage = memoryStorage(encodeLink({ ...presetById('tiny')!.config, steps: 77 }));
    startSettingsPersistence(true, storage)();
    expect(useExperimentStore.getState().config.steps).not.toBe(77);
    const broken: SettingsStorage = {
      get: () => {
        throw new Error('denied');
      },
      set: () => {
        throw new Error('full');
      },
    };
    const stop = startSettingsPersistence(false, broken);
    useExperimentStore.getState().setField('steps', 50);
    expect(useExperimentStore.getState().config.steps).toBe(50);
    stop();
  });
});
