package importer

import (
	"github.com/google/uuid"

	"parc/server/i18n"
)

// Actions of an imported line.
const (
	ActionCreate    = "create"
	ActionUpdate    = "update"
	ActionUnchanged = "unchanged"
	// ActionDuplicate is a line identical to an earlier one, skipped.
	ActionDuplicate = "duplicate"
	ActionError     = "error"
)

// Options of one import.
type Options struct {
	// DryRun checks every line and writes nothing.
	DryRun bool
	// AllowPartial writes the lines without fault even when others have
	// one. Without it, one faulty line leaves the database as it was.
	AllowPartial bool
	// Map maps headers of the file to fields, over the usual names.
	Map map[string]string
}

// Report is the outcome of an import, or of a dry run, line by line.
type Report struct {
	Encoding  string   `json:"encoding"`
	Separator string   `json:"separator"`
	Columns   []Column `json:"columns"`
	// Missing lists the required fields that no column maps to. The lines
	// are then not read.
	Missing []string `json:"missing"`
	DryRun  bool     `json:"dry_run"`
	// Written is true when the import changed the database.
	Written bool         `json:"written"`
	Counts  Counts       `json:"counts"`
	Lines   []LineResult `json:"lines"`
}

// Counts sums up a report.
type Counts struct {
	Lines        int `json:"lines"`
	Created      int `json:"created"`
	Updated      int `json:"updated"`
	Unchanged    int `json:"unchanged"`
	Duplicates   int `json:"duplicates"`
	Failed       int `json:"failed"`
	SitesCreated int `json:"sites_created"`
	RoomsCreated int `json:"rooms_created"`
}

// LineResult is the outcome of one line of the file.
type LineResult struct {
	// Line is the physical line of the file where the record starts, the
	// header being line 1.
	Line     int        `json:"line"`
	Action   string     `json:"action"`
	AssetID  *uuid.UUID `json:"asset_id,omitempty"`
	Errors   []Issue    `json:"-"`
	Warnings []Issue    `json:"-"`
}

// Failed reports whether any line has a fault.
func (r *Report) Failed() bool {
	return r.Counts.Failed > 0 || len(r.Missing) > 0
}

// IssueText is an Issue in one language, as the API sends it.
type IssueText struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// LineText is a LineResult with its issues in one language.
type LineText struct {
	LineResult
	Errors   []IssueText `json:"errors"`
	Warnings []IssueText `json:"warnings"`
}

// ReportText is a Report with its issues in one language.
type ReportText struct {
	*Report
	Lines []LineText `json:"lines"`
}

// In returns the report with its messages in lang.
func (r *Report) In(lang i18n.Lang) ReportText {
	lines := make([]LineText, len(r.Lines))
	for i, l := range r.Lines {
		lines[i] = LineText{LineResult: l, Errors: texts(l.Errors, lang), Warnings: texts(l.Warnings, lang)}
	}
	return ReportText{Report: r, Lines: lines}
}

func texts(issues []Issue, lang i18n.Lang) []IssueText {
	out := make([]IssueText, len(issues))
	for i, is := range issues {
		out[i] = IssueText{Field: is.Field, Message: is.Message.Text(lang)}
	}
	return out
}
