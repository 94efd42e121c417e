// Preferences kept on the device: the interface language and the colour
// theme. Both are read before the first screen is drawn.

const LANGUAGE_KEY = 'parc.language';
const THEME_KEY = 'parc.theme';

export const LANGUAGE_CHOICES = ['auto', 'fr', 'en'];
export const THEME_CHOICES = ['system', 'light', 'dark'];

function read(key, choices, fallback) {
  try {
    const value = localStorage.getItem(key);
    return choices.includes(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage is blocked: the choice lasts until the page reloads.
  }
}

/** @returns {'auto'|'fr'|'en'} */
export function languageChoice() {
  return read(LANGUAGE_KEY, LANGUAGE_CHOICES, 'auto');
}

export function setLanguageChoice(choice) {
  write(LANGUAGE_KEY, choice);
}

/** @returns {'system'|'light'|'dark'} */
export function themeChoice() {
  return read(THEME_KEY, THEME_CHOICES, 'system');
}

/** Saves the theme and applies it to the page at once. */
export function setThemeChoice(choice) {
  write(THEME_KEY, choice);
  if (choice === 'system') {
    delete document.documentElement.dataset.theme;
  } else {
    document.documentElement.dataset.theme = choice;
  }
}
