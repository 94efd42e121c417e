// A one-time notice, such as a password shown once, that must survive the
// navigation that follows the action. After creating a user, for example,
// the app goes to the new user's screen and shows the password there.

let notice = null;

/**
 * Shows node at the top of path's next render. It stays while the user
 * remains on that screen, through reloads of it by the app, and goes when
 * the user leaves it.
 */
export function setNotice(path, node) {
  notice = { path, node, shown: false };
}

/**
 * Returns the notice for path, or null once the user has left its screen.
 * The router renders a screen while the previous one is still in the
 * page, so a notice still connected means the same screen is drawn again.
 */
export function takeNotice(path) {
  if (!notice || notice.path !== path || (notice.shown && !notice.node.isConnected)) {
    notice = null;
    return null;
  }
  notice.shown = true;
  return notice.node;
}

/** Removes the notice, when the user dismisses it. */
export function dropNotice() {
  notice?.node.remove();
  notice = null;
}
