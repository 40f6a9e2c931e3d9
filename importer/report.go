package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
	// Workers is how many files ImportReports reads and extracts at a
	// time, ahead of saving; 0 means one less than GOMAXPROCS, at least 1.
	Workers int
}

// ReportOptions say whose report a file is. Empty fields are inferred from
// the text (region, year) or left alone (level, parent).
type ReportOptions struct {
	Government string
	Level      ledger.Level
	Parent     string
	Year       int
	// Grain is how finely the plan is cut into commitments (clause, the
	// default; sentence or paragraph group a task's clauses without a
	// figure into one commitment, every figure and list item keeping its
	// own row).
	Grain extract.Grain
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
// commitment that still matches by code and text. An error names the file.
func (im *Importer) ImportReport(ctx context.Context, path string, opt ReportOptions) (ReportResult, error) {
	p := im.readReport(path, opt)
	return im.storeReport(ctx, p)
}

// ImportReportData imports a report read by the caller; path names it in
// messages and as the source.
func (im *Importer) ImportReportData(ctx context.Context, path string, raw []byte, opt ReportOptions) (ReportResult, error) {
	p := im.checkReport(path, raw, opt)
	return im.storeReport(ctx, p)
}

// pending is a report file on its way into the ledger: read, then
// extracted and turned into commitments (work that needs nothing from
// the ledger but the units directory), then stored.
type pending struct {
	path     string
	opt      ReportOptions
	err      error // reading or extracting failed; nothing more is done
	checksum string
	raw      []byte

	// suggester suggests lead units; nil: one is made from the units
	// directory when the report is extracted.
	suggester *ledger.Suggester
	extracted bool
	gov       string // whose report it is, given or inferred
	report    ledger.Report
	cs        []ledger.Commitment
}

// readReport reads the file at path and checks it.
func (im *Importer) readReport(path string, opt ReportOptions) *pending {
	raw, err := readLimited(path, im.MaxBytes)
	if err != nil {
		return &pending{path: path, opt: opt, err: err}
	}
	return im.checkReport(path, raw, opt)
}

// checkReport checks the size of a report read into raw and takes its
// checksum.
func (im *Importer) checkReport(path string, raw []byte, opt ReportOptions) *pending {
	p := &pending{path: path, opt: opt, raw: raw}
	if int64(len(raw)) > im.maxBytes() {
		p.err = &document.Error{Name: path, Msg: fmt.Sprintf("file is over the %d MiB limit (use --max-size to change it)", im.maxBytes()>>20)}
		return p
	}
	sum := sha256.Sum256(raw)
	p.checksum = hex.EncodeToString(sum[:])
	return p
}

// extractReport reads the text of p, extracts the report and builds its
// commitments and achievements with suggested lead units. It only reads
// the ledger (the units directory).
func (im *Importer) extractReport(ctx context.Context, p *pending) {
	if p.err != nil || p.extracted {
		return
	}
	p.extracted = true
	doc, err := document.Read(p.path, bytes.NewReader(p.raw), document.Options{MaxBytes: im.MaxBytes})
	if err != nil {
		p.err = err
		return
	}
	p.raw = nil
	ex := extract.Extract(doc.Text, extract.Options{Region: p.opt.Government, ReportYear: p.opt.Year, Grain: p.opt.Grain})
	st := ex.Structure
	p.gov = p.opt.Government
	if p.gov == "" {
		p.gov = st.Region
	}
	if p.gov == "" {
		p.err = ledger.Errorf(ledger.EInvalid, "%s: cannot tell whose report this is: give --government", p.path)
		return
	}
	if p.opt.Government == "" && !extract.PlausibleRegion(p.gov) {
		// Never create a government from a guess that is no region's name.
		p.err = ledger.Errorf(ledger.EInvalid, "%s: the government inferred from the text, %q, does not look like a region's name "+
			"(推断出的政府名称「%s」不像行政区划名称，未导入): give --government, e.g. --government 城关区", p.path, p.gov, p.gov)
		return
	}
	if st.ReportYear == 0 {
		p.err = ledger.Errorf(ledger.EInvalid, "%s: cannot tell the report's year: give --year", p.path)
		return
	}
	structure, err := marshalStructure(ex)
	if err != nil {
		p.err = err
		return
	}
	p.report = ledger.Report{
		Year: st.ReportYear, ReviewYear: st.ReviewYear,
		Title: ex.Text[st.Title.Start:st.Title.End], SourceName: filepath.Base(p.path),
		Format: string(doc.Format), Encoding: doc.Encoding, Checksum: p.checksum,
		Text: doc.Text, Structure: structure,
	}
	p.cs = ledger.FromExtract(ex)
	sg := p.suggester
	if sg == nil {
		if sg, err = im.suggester(ctx); err != nil {
			p.err = err
			return
		}
	}
	for i := range p.cs {
		if p.cs[i].Kind == ledger.KindTarget {
			p.cs[i].Assignment.SuggestedLead = sg.Suggest(p.cs[i])
		}
	}
}

// suggester returns a Suggester over the units directory as it is.
func (im *Importer) suggester(ctx context.Context) (*ledger.Suggester, error) {
	units, err := im.Store.Units(ctx)
	if err != nil {
		return nil, err
	}
	rules := im.Rules
	if rules == nil {
		rules = ledger.DefaultLeadRules
	}
	return ledger.NewSuggester(ledger.NewDirectory(units), rules), nil
}

// storeReport stores p, extracting it first if that is not done yet: the
// checksum is looked up, the government ensured, the manual work of a
// replaced version carried over and the report saved in one transaction.
// An error names the file.
func (im *Importer) storeReport(ctx context.Context, p *pending) (ReportResult, error) {
	res, err := im.storeReport1(ctx, p)
	return res, fileError(p.path, err)
}

func (im *Importer) storeReport1(ctx context.Context, p *pending) (ReportResult, error) {
	res := ReportResult{File: p.path}
	if p.checksum != "" {
		if old, err := im.Store.ReportByChecksum(ctx, p.checksum); err == nil {
			res.Unchanged, res.ReportID, res.Year = true, old.ID, old.Year
			return res, nil
		} else if !ledger.IsNotFound(err) {
			return res, err
		}
	}
	im.extractReport(ctx, p)
	if p.err != nil {
		return res, p.err
	}
	g, err := im.ensureGovernment(ctx, ledger.Government{Name: p.gov, Level: p.opt.Level, Parent: p.opt.Parent})
	if err != nil {
		return res, err
	}
	r, cs := p.report, p.cs
	r.GovernmentID, r.ImportedAt = g.ID, im.now()
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

// ensureGovernment is Store.EnsureGovernment, without its write
// transaction when the government is stored already as g says: most
// reports of a batch are of governments the ledger knows.
func (im *Importer) ensureGovernment(ctx context.Context, g ledger.Government) (ledger.Government, error) {
	have, err := im.Store.Government(ctx, g.Name)
	if err == nil && have.Name == g.Name && (g.Level == "" || g.Level == have.Level) && (g.Parent == "" || g.Parent == have.Parent) {
		return have, nil
	}
	return im.Store.EnsureGovernment(ctx, g)
}

// readLimited reads a whole file, refusing one over the size limit.
func readLimited(path string, limit int64) ([]byte, error) {
	return document.ReadBytes(path, limit)
}

// marshalStructure returns the stored outline of a report, JSON.
func marshalStructure(ex *extract.Result) ([]byte, error) {
	st := ex.Structure
	return json.Marshal(struct {
		Title      extract.Span        `json:"title"`
		DateLine   extract.Span        `json:"date_line"`
		Review     extract.Span        `json:"review"`
		Plan       extract.Span        `json:"plan"`
		Region     string              `json:"region"`
		Headings   []extract.Heading   `json:"headings"`
		Paragraphs []extract.Paragraph `json:"paragraphs"`
	}{st.Title, st.DateLine, st.Review, st.Plan, st.Region, st.Headings, st.Paragraphs})
}
