package requests

import (
	"testing"

	"parc/server/i18n"
)

func TestCategoryLabelsInBothLanguages(t *testing.T) {
	for _, code := range Categories {
		m := CategoryLabel(code)
		fr, en := m.Text(i18n.French), m.Text(i18n.English)
		if fr == m.Key || en == m.Key {
			t.Errorf("category %s has no catalogue entry %s", code, m.Key)
		}
		if fr == en {
			t.Errorf("category %s: French and English labels are both %q", code, fr)
		}
	}
	for _, urgency := range Urgencies {
		if m := UrgencyLabel(urgency); m.Text(i18n.French) == m.Key {
			t.Errorf("urgency %s has no catalogue entry %s", urgency, m.Key)
		}
	}
}
