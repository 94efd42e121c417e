// Applies the saved colour theme before the first paint. It is a classic
// script, not a module, so that it runs before the page is drawn.
(function applySavedTheme() {
  try {
    var theme = localStorage.getItem('parc.theme');
    if (theme === 'light' || theme === 'dark') {
      document.documentElement.dataset.theme = theme;
    }
  } catch (err) {
    // Storage is blocked: the page follows the system theme.
  }
})();
