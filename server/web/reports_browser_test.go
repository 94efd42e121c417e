package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReportsScreen opens the reports as a technician, checks the charts
// and their tables with axe-core and the touch-target check, edits the
// tariffs, then reads the reports as the committee and as a
// correspondent.
func TestReportsScreen(t *testing.T) {
	src := axeSource(t)
	_, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)
	year := strconv.Itoa(time.Now().Year())

	// The home screen links to the reports.
	b.click(`#home-reports a[href="/reports"]`)
	b.waitScreen("reports")
	b.wait("the time chart", jsQuery("#chart-time"))
	reports := screen{"reports", "/reports?year=" + year, "#chart-time"}
	runAxe(b, src, "/reports")
	checkTargets(b, "/reports")

	for _, id := range []string{"chart-time", "chart-categories", "chart-age"} {
		if !b.exists("#"+id) && id != "chart-categories" {
			b.errorf("no #%s on the reports screen", id)
			continue
		}
		got := eval[string](b, fmt.Sprintf(`(() => { const c = document.getElementById(%q); if (!c) return 'none';
			return [c.getAttribute('role'), c.querySelector('title')?.textContent.trim() ? 'title' : '', c.querySelector('desc')?.textContent.trim() ? 'desc' : ''].join(' '); })()`, id))
		if got != "img title desc" && got != "none" {
			b.errorf("#%s: %q, want role img with a title and a description", id, got)
		}
	}
	if n := eval[int](b, `document.querySelectorAll('#table-time tbody tr').length`); n != 14 {
		b.errorf("the time table has %d rows, want the 14 communes", n)
	}
	if n := eval[int](b, `document.querySelectorAll('#chart-time .chart-mark').length`); n != 2 {
		b.errorf("the time chart has %d marks, want 80 %% and 100 %%", n)
	}
	if tariff := b.text("#report-tariff"); !strings.Contains(tariff, "Tarif d'exemple (à remplacer)") {
		b.errorf("#report-tariff %q, want the demo's example tariff", tariff)
	}
	type file struct {
		Status int
		Type   string
	}
	got := eval[file](b, `fetch(document.querySelector('a[href*="communes.pdf"]').href).then(r => ({status: r.status, type: r.headers.get('content-type')}))`)
	if got.Status != 200 || got.Type != "application/pdf" {
		b.errorf("the PDF link: %+v, want 200 application/pdf", got)
	}

	b.setViewport(1280, 800, false)
	b.openScreen(reports)
	runAxe(b, src, "/reports at 1280 px")
	checkTargets(b, "/reports at 1280 px")
	b.setViewport(390, 844, true)
	b.setColorScheme("dark")
	b.openScreen(reports)
	checkReportNames(b)
	checkReportYears(b, year)
	runAxe(b, src, "/reports (dark)")
	b.setColorScheme("light")

	// Tariffs: end the example in 2029, then add the tariff of 2030.
	exampleID := dbValue[string](t, s, "SELECT id FROM tariffs")
	b.openScreen(screen{"tariffs", "/reports/tariffs", "#tariff-list a"})
	runAxe(b, src, "/reports/tariffs")
	checkTargets(b, "/reports/tariffs")
	b.openScreen(screen{"tariff-edit", "/reports/tariffs/" + exampleID, "#field-name"})
	runAxe(b, src, "a tariff's form")
	checkTargets(b, "a tariff's form")
	choose(b, "#field-valid_to", "2029-12-31")
	b.click("#tariff-form button[type=submit]")
	b.waitScreen("tariffs")

	b.click("#tariff-add")
	b.waitScreen("tariff-edit")
	typeText(b, "#field-name", "Tarif 2030")
	choose(b, "#field-valid_from", "2029-01-01")
	typeText(b, "#field-pc_fee", "42,50")

	// Amounts are checked on the device, in euros and hours.
	typeText(b, "#field-hourly_rate", "abc")
	typeText(b, "#field-included_hours", "1e9")
	b.click("#tariff-form button[type=submit]")
	b.wait("the amounts' errors", `(document.getElementById('field-hourly_rate-error')?.textContent || '') !== ''`)
	if got := b.text("#field-hourly_rate-error"); !strings.Contains(got, "« abc »") || !strings.Contains(got, "euros") {
		b.errorf("hourly rate abc: the form shows %q, want a message in euros naming abc", got)
	}
	if got := b.text("#field-included_hours-error"); !strings.Contains(got, "« 1e9 »") || !strings.Contains(got, "heures") {
		b.errorf("included hours 1e9: the form shows %q, want a message in hours naming 1e9", got)
	}
	typeText(b, "#field-hourly_rate", "38")
	typeText(b, "#field-included_hours", "10")
	b.click("#tariff-form button[type=submit]")
	overlap := `(document.getElementById('field-valid_from-error')?.textContent || '').includes('chevauche')`
	if !b.waitFor(overlap, stepTimeout) {
		b.errorf("an overlapping tariff: the form shows %q, want the overlap under valid_from", formErrors(b))
	}
	choose(b, "#field-valid_from", "2030-01-01")
	b.click("#tariff-form button[type=submit]")
	b.waitScreen("tariffs")
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM tariffs WHERE name = 'Tarif 2030' AND pc_fee_cents = 4250 AND included_minutes = 600"); n != 1 {
		b.errorf("the tariff of 2030 is not stored with 42,50 € and 10 h")
	}
	if list := b.text("#tariff-list"); !strings.Contains(list, "à partir du 01/01/2030") || !strings.Contains(list, "du 01/01/2025 au 31/12/2029") {
		b.errorf("the tariffs list reads %q, want the open period as « à partir du 01/01/2030 »", list)
	}

	// The committee reads the tariffs and cannot change them.
	b.openScreen(screen{"settings", "/settings", "#logout"})
	logout(b, "technician")
	b.login("comite@demo.invalid")
	b.openScreen(screen{"tariffs", "/reports/tariffs", "#tariff-list a"})
	if b.exists("#tariff-add") {
		b.errorf("the committee sees the button that adds a tariff")
	}
	b.openScreen(screen{"tariff-edit", "/reports/tariffs/" + exampleID, "#field-name"})
	if !eval[bool](b, `document.getElementById('field-name').closest('fieldset')?.disabled === true`) || b.exists("#tariff-delete") {
		b.errorf("the committee can edit or delete a tariff")
	}
	runAxe(b, src, "a tariff read by the committee")

	// A correspondent reads the report of their commune only.
	b.openScreen(screen{"settings", "/settings", "#logout"})
	logout(b, "committee")
	b.login("correspondant-apprieu@demo.invalid")
	b.openScreen(reports)
	rows := eval[[]string](b, `[...document.querySelectorAll('#table-time tbody th')].map(th => th.textContent)`)
	if len(rows) != 1 || rows[0] != "Apprieu" {
		b.errorf("the correspondent of Apprieu reads the lines %q, want Apprieu's only", rows)
	}
	if b.exists(`#report-tariffs-link`) {
		b.errorf("the correspondent gets a link to the tariffs")
	}
	runAxe(b, src, "/reports as a correspondent")
	checkTargets(b, "/reports as a correspondent")
}

// checkReportNames checks, on a narrow screen, that the chart's labels
// start inside the chart and that the time table breaks no name inside a
// word.
func checkReportNames(b *browser) {
	b.t.Helper()
	clipped := eval[[]string](b, `[...document.querySelectorAll('#chart-time .chart-label')]
		.filter((el) => el.getBBox().x < 0).map((el) => el.textContent)`)
	if len(clipped) > 0 {
		b.errorf("chart labels start left of the chart: %q", clipped)
	}
	titled := eval[string](b, `[...document.querySelectorAll('#chart-time .chart-label title')].map((el) => el.textContent).join('|')`)
	if !strings.Contains(titled, "Communauté de communes de Bièvre Est") {
		b.errorf("shortened chart labels have the titles %q, want the CCBE's full name", titled)
	}

	broken := eval[[]string](b, `[...document.querySelectorAll('#table-time tbody th')].filter((th) => {
		const range = document.createRange();
		range.selectNodeContents(th);
		const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
		return lines.size > th.textContent.trim().split(/[\s-]+/).length;
	}).map((th) => th.textContent)`)
	if len(broken) > 0 {
		b.errorf("the time table breaks names inside a word: %q", broken)
	}
}

// checkReportYears checks that the year selector shows the year of the
// report: an old year joins the list, and a year out of range gives a
// note and the current year.
func checkReportYears(b *browser, thisYear string) {
	b.t.Helper()
	b.openScreen(screen{"reports", "/reports?year=2012", "#report-form"})
	if got := eval[string](b, `document.getElementById('report-year').value`); got != "2012" {
		b.errorf("/reports?year=2012: the year selector reads %q, want 2012", got)
	}
	if b.exists("#report-year-note") {
		b.errorf("/reports?year=2012 shows the note of a year out of range")
	}

	b.openScreen(screen{"reports", "/reports?year=1999", "#report-form"})
	if got := eval[string](b, `document.getElementById('report-year').value`); got != thisYear {
		b.errorf("/reports?year=1999: the year selector reads %q, want %s", got, thisYear)
	}
	if got := b.text("#report-year-note"); !strings.Contains(got, "« 1999 »") || !strings.Contains(got, thisYear) {
		b.errorf("/reports?year=1999: the note reads %q, want it to name 1999 and the year shown", got)
	}
}
