package web_test

import "testing"

// TestPWANotificationsCommittee checks the settings screen of a committee
// member. The server sends the committee no event, so the screen states
// that it receives no notification and shows no switch.
func TestPWANotificationsCommittee(t *testing.T) {
	_, _, srv := notificationsFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()

	b.login("comite@demo.invalid")
	b.openScreen(screen{"settings", "/settings", `#notifications[data-state="none"]`})
	if got := b.text("#notifications-none"); got == "" {
		b.errorf("the committee's notifications section has no sentence saying it receives none")
	}
	for _, sel := range []string{"#notifications-enable", "#notifications-events", "#notifications-email"} {
		if b.exists(sel) {
			b.errorf("the committee is offered %s", sel)
		}
	}
}
