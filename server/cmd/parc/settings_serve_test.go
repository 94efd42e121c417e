package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestServeSettingsAndPurge starts the binary with settings from flags and
// variables, and checks that the API reports them as set by the
// environment and that the retention purge ran at start.
func TestServeSettingsAndPurge(t *testing.T) {
	env := []string{"PARC_BASE_URL=https://env.parc.example", "PARC_SMTP_URL=smtp://alerts:env-s3cret@mail.example:587"}
	p := launchParc(t, env, "--demo", "--data", t.TempDir(), "--label-owner", "Propriété du drapeau")
	p.waitHealthy(t)

	rec, err := p.log.waitForRecord("retention purge finished", 30*time.Second, p.exited)
	if err != nil {
		t.Fatalf("wait for the retention purge: %v", err)
	}
	for _, count := range []string{"audit_entries_cleared", "sessions_deleted"} {
		if _, ok := rec[count].(float64); !ok {
			t.Errorf("retention purge record lacks %s: %v", count, rec)
		}
	}

	var got struct {
		Settings map[string]struct {
			Value  json.RawMessage `json:"value"`
			Source string          `json:"source"`
		} `json:"settings"`
	}
	getJSON(t, p.baseURL+"/api/v1/settings", loginCookie(t, p), &got)
	for key, want := range map[string]string{
		"base_url":    `"https://env.parc.example"`,
		"label_owner": `"Propriété du drapeau"`,
		"smtp_url":    `{"url":"smtp://alerts@mail.example:587","password_set":true}`,
	} {
		if s := got.Settings[key]; string(s.Value) != want || s.Source != "environment" {
			t.Errorf("%s = %s from %s, want %s from environment", key, s.Value, s.Source, want)
		}
	}
	if s := got.Settings["tag_prefix"]; string(s.Value) != `"BE"` || s.Source != "default" {
		t.Errorf("tag_prefix = %s from %s, want BE from default", s.Value, s.Source)
	}

	p.stop(t)
	if strings.Contains(p.log.String(), "env-s3cret") {
		t.Error("the server's log contains the SMTP password")
	}
}
