package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestWriteKeepsOtherMetricsWhenOneFails(t *testing.T) {
	m, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	m.OpsPushed("applied", 3)
	m.SetQueueDepth(func(context.Context) (int64, error) { return 0, errors.New("database closed") })

	text, gatherErr, err := m.Write()
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if gatherErr == nil || !strings.Contains(gatherErr.Error(), "database closed") {
		t.Errorf("gather error = %v, want the depth function's error", gatherErr)
	}
	if !strings.Contains(string(text), `parc_sync_ops_pushed_total{status="applied"} 3`) {
		t.Errorf("text lacks the sync counter:\n%s", text)
	}
	if strings.Contains(string(text), "parc_push_queue_depth ") {
		t.Errorf("text has a queue depth although reading it failed:\n%s", text)
	}
}

func TestBackupAgeAbsentWithoutBackup(t *testing.T) {
	m, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	text, gatherErr, err := m.Write()
	if err != nil || gatherErr != nil {
		t.Fatalf("Write: %v, %v", err, gatherErr)
	}
	if strings.Contains(string(text), "parc_backup_age_seconds ") {
		t.Errorf("text has a backup age without any backup:\n%s", text)
	}
}
