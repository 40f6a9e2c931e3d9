package cli

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/importer"
	"ducha/ledger"
	"ducha/supervise"
)

// Audit actions of the command line's imports (the task sheet's is
// supervise.ActionTasksImport).
const (
	actionReportImport       = "report.import"
	actionReportImportFailed = "report.import_failed"
	actionUnitsImport        = "units.import"
)

// actorFlag adds --actor: who the audit log names for the command's
// changes, a login of the users (its display name is recorded) or a
// person's name; the operating system's user when left out.
func actorFlag(fs *flag.FlagSet) *string {
	return fs.String("actor", "", "who the audit log names: a login or a name (default: the operating system user)")
}

// osUser is the operating system's user at the terminal.
func osUser() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return name
}

// cliActor is who the audit log names for a change made from the command
// line: the user whose login is --actor (with the display name), else
// --actor or the operating system's user as "cli:NAME". The command line
// acts with every right.
func cliActor() supervise.Actor { return actorNamed(context.Background(), nil, "") }

func actorNamed(ctx context.Context, users interface {
	UserByLogin(context.Context, string) (ledger.User, error)
}, given string) supervise.Actor {
	name := strings.TrimSpace(given)
	if name != "" && users != nil {
		if u, err := users.UserByLogin(ctx, name); err == nil {
			return supervise.Actor{Login: u.Login, Name: u.Name, Role: access.Admin}
		}
	}
	if name == "" {
		name = osUser()
		return supervise.Actor{Login: "cli:" + name, Name: "命令行 " + name, Role: access.Admin}
	}
	return supervise.Actor{Login: "cli:" + name, Name: name, Role: access.Admin}
}

// importRecord is what the audit entry of an import holds: who (by name)
// imported which file and what it came to.
type importRecord struct {
	By           string `json:"by"`
	Via          string `json:"via"`
	File         string `json:"file"`
	Government   string `json:"government,omitempty"`
	Year         int    `json:"year,omitempty"`
	Unchanged    bool   `json:"unchanged,omitempty"`
	Replaced     bool   `json:"replaced,omitempty"`
	Commitments  int    `json:"commitments"`
	Quantified   int    `json:"quantified,omitempty"`
	Achievements int    `json:"achievements,omitempty"`
	Suggested    int    `json:"suggested_leads,omitempty"`
	Kept         int    `json:"kept,omitempty"`
	Error        string `json:"error,omitempty"`
}

// reportImportAudit is the audit entry of one file of `import report`.
func reportImportAudit(a supervise.Actor, r importer.FileResult, at time.Time) ledger.AuditEntry {
	rec := importRecord{By: a.Name, Via: "命令行 import report", File: filepath.Base(r.File)}
	e := ledger.AuditEntry{At: at, Actor: a.Login, Entity: "report"}
	if r.Err != nil {
		rec.Error = r.Err.Error()
		e.Action = actionReportImportFailed
	} else {
		rec.Government, rec.Year, rec.Unchanged, rec.Replaced = r.Government, r.Year, r.Unchanged, r.Replaced
		rec.Commitments, rec.Quantified, rec.Achievements = r.Commitments, r.Quantified, r.Achievements
		rec.Suggested, rec.Kept = r.Suggested, r.Kept
		e.Action, e.Ref = actionReportImport, strconv.FormatInt(r.ReportID, 10)
	}
	b, _ := json.Marshal(rec)
	e.After = string(b)
	return e
}

// unitsRecord is what the audit entry of `import units` holds.
type unitsRecord struct {
	By      string `json:"by"`
	Via     string `json:"via"`
	File    string `json:"file"`
	Added   int    `json:"added"`
	Updated int    `json:"updated"`
}

func unitsImportAudit(a supervise.Actor, file string, created, updated int, at time.Time) ledger.AuditEntry {
	b, _ := json.Marshal(unitsRecord{By: a.Name, Via: "命令行 import units", File: filepath.Base(file), Added: created, Updated: updated})
	return ledger.AuditEntry{At: at, Actor: a.Login, Action: actionUnitsImport, Entity: "units", Ref: filepath.Base(file), After: string(b)}
}
