package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"ducha/document"
	"ducha/extract"
	"ducha/ledger"
)

// Importer imports into one store.
type Importer struct {
	Store    ledger.Store
	Rules    []ledger.LeadRule // lead-unit suggestion rules; nil means ledger.DefaultLeadRules
	MaxBytes int64             // input size limit; 0 means document.DefaultMaxBytes
	Now      func() time.Time  // clock; nil means time.Now
}

// ReportOptions say whose report a file is. Empty fields are inferred from
// the text (region, year) or left alone (level, parent).
type ReportOptions struct {
	Government string
	Level      ledger.Level
	Parent     string
	Year       int
}

// ReportResult summarises one imported report.
type ReportResult struct {
	File         string
	Government   string
	Year         int
	ReportID     int64
	Unchanged    bool // the same file was imported before: nothing written
	Replaced     bool // an earlier version of the report was replaced
	Commitments  int  // target commitments of the plan, with sub-tasks
	Quantified   int  // of which carry a quantified target
	Achievements int  // reported achievements of the review part
	Suggested    int  // commitments given a suggested lead unit
	Kept         int  // manual assignments carried over from the replaced version
}

func (im *Importer) maxBytes() int64 {
	if im.MaxBytes > 0 {
		return im.MaxBytes
	}
	return document.DefaultMaxBytes
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now().UTC()
	}
	return time.Now().UTC()
}

// ImportReport extracts the report in path and stores it with its
// commitments and achievements. Importing the same file again changes
// nothing; importing an edited version replaces the report and keeps the
// manual work (assignments, weights, milestones, edited titles) of every
// commitment that still matches by code and text.
func (im *Importer) ImportReport(ctx context.Context, path string, opt ReportOptions) (ReportResult, error) {
	raw, err := readLimited(path, im.MaxBytes)
	if err != nil {
		return ReportResult{File: path}, err
	}
	return im.ImportReportData(ctx, path, raw, opt)
}

// ImportReportData imports a report read by the caller; path names it in
// messages and as the source.
func (im *Importer) ImportReportData(ctx context.Context, path string, raw []byte, opt ReportOptions) (ReportResult, error) {
	res := ReportResult{File: path}
	if int64(len(raw)) > im.maxBytes() {
		return res, &document.Error{Name: path, Msg: fmt.Sprintf("file is over the %d MiB limit (use --max-size to change it)", im.maxBytes()>>20)}
	}
	sum := sha256.Sum256(raw)
	checksum := hex.EncodeToString(sum[:])
	if old, err := im.Store.ReportByChecksum(ctx, checksum); err == nil {
		res.Unchanged, res.ReportID, res.Year = true, old.ID, old.Year
		return res, nil
	} else if !ledger.IsNotFound(err) {
		return res, err
	}
	doc, err := document.Read(path, bytes.NewReader(raw), document.Options{MaxBytes: im.MaxBytes})
	if err != nil {
		return res, err
	}
	ex := extract.Extract(doc.Text, extract.Options{Region: opt.Government, ReportYear: opt.Year})
	st := ex.Structure
	gov := opt.Government
	if gov == "" {
		gov = st.Region
	}
	if gov == "" {
		return res, ledger.Errorf(ledger.EInvalid, "%s: cannot tell whose report this is: give --government", path)
	}
	if st.ReportYear == 0 {
		return res, ledger.Errorf(ledger.EInvalid, "%s: cannot tell the report's year: give --year", path)
	}
	g, err := im.Store.EnsureGovernment(ctx, ledger.Government{Name: gov, Level: opt.Level, Parent: opt.Parent})
	if err != nil {
		return res, err
	}
	structure, err := json.Marshal(structureOf(ex))
	if err != nil {
		return res, err
	}
	r := ledger.Report{
		GovernmentID: g.ID, Year: st.ReportYear, ReviewYear: st.ReviewYear,
		Title: ex.Text[st.Title.Start:st.Title.End], SourceName: filepath.Base(path),
		Format: string(doc.Format), Encoding: doc.Encoding, Checksum: checksum,
		Text: doc.Text, Structure: structure, ImportedAt: im.now(),
	}
	cs := ledger.FromExtract(ex)
	units, err := im.Store.Units(ctx)
	if err != nil {
		return res, err
	}
	dir := ledger.NewDirectory(units)
	rules := im.Rules
	if rules == nil {
		rules = ledger.DefaultLeadRules
	}
	sg := ledger.NewSuggester(dir, rules)
	for i := range cs {
		if cs[i].Kind == ledger.KindTarget {
			cs[i].Assignment.SuggestedLead = sg.Suggest(cs[i])
		}
	}
	if old, err := im.Store.Report(ctx, g.ID, r.Year); err == nil {
		prev, err := im.Store.Commitments(ctx, old.ID)
		if err != nil {
			return res, err
		}
		res.Replaced = true
		res.Kept = KeepManualWork(cs, prev)
	} else if !ledger.IsNotFound(err) {
		return res, err
	}
	if err := im.Store.SaveReport(ctx, &r, cs); err != nil {
		return res, err
	}
	res.Government, res.Year, res.ReportID = g.Name, r.Year, r.ID
	for _, c := range cs {
		switch c.Kind {
		case ledger.KindTarget:
			res.Commitments++
			if c.Target != nil {
				res.Quantified++
			}
			if c.Assignment.SuggestedLead != "" {
				res.Suggested++
			}
		case ledger.KindAchievement:
			res.Achievements++
		}
	}
	return res, nil
}

// readLimited reads a whole file, refusing one over the size limit.
func readLimited(path string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = document.DefaultMaxBytes
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &document.Error{Name: path, Msg: "cannot open the file", Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &document.Error{Name: path, Msg: "cannot read the file", Err: err}
	}
	if int64(len(b)) > limit {
		return nil, &document.Error{Name: path, Msg: fmt.Sprintf("file is over the %d MiB limit (use --max-size to change it)", limit>>20)}
	}
	return b, nil
}

// structureOf is the stored outline of a report.
func structureOf(ex *extract.Result) any {
	st := ex.Structure
	return struct {
		Title      extract.Span        `json:"title"`
		DateLine   extract.Span        `json:"date_line"`
		Review     extract.Span        `json:"review"`
		Plan       extract.Span        `json:"plan"`
		Region     string              `json:"region"`
		Headings   []extract.Heading   `json:"headings"`
		Paragraphs []extract.Paragraph `json:"paragraphs"`
	}{st.Title, st.DateLine, st.Review, st.Plan, st.Region, st.Headings, st.Paragraphs}
}
