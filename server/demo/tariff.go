package demo

import (
	"time"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/tariffs"
)

// ExampleTariffName names the demo's tariff so that no one takes its
// amounts for the committee's.
const ExampleTariffName = "Tarif d'exemple (à remplacer)"

// exampleTariff returns the demo's tariff: in force from 1 January 2025
// with no end, so that the reports of the demo show a participation.
// Its amounts are placeholders, not a recommendation.
func exampleTariff(created time.Time) tariffs.Tariff {
	return tariffs.Tariff{
		ID:              uuid.NewSHA1(uuid.NameSpaceURL, []byte("parc:demo:tariff")),
		Name:            ExampleTariffName,
		ValidFrom:       assets.NewDate(2025, time.January, 1),
		PCFeeCents:      3500,
		HourlyRateCents: 4000,
		IncludedMinutes: 600,
		Notes:           "Montants fictifs de la démonstration : remplacez-les par le tarif voté par le comité de suivi.",
		CreatedAt:       created,
		UpdatedAt:       created,
		Version:         1,
	}
}
