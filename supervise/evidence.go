package supervise

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
)

// MaxEvidenceBytes is the largest evidence file accepted.
const MaxEvidenceBytes = 10 << 20

// evidenceTypes are the accepted file types by extension, with the content
// types their bytes may sniff as (http.DetectContentType). Office files are
// zip containers; legacy ones OLE (application/octet-stream).
var evidenceTypes = map[string][]string{
	".pdf":  {"application/pdf"},
	".jpg":  {"image/jpeg"},
	".jpeg": {"image/jpeg"},
	".png":  {"image/png"},
	".gif":  {"image/gif"},
	".webp": {"image/webp"},
	".docx": {"application/zip"},
	".xlsx": {"application/zip"},
	".pptx": {"application/zip"},
	".doc":  {"application/octet-stream"},
	".xls":  {"application/octet-stream"},
	".txt":  {"text/plain; charset=utf-8"},
	".csv":  {"text/plain; charset=utf-8"},
	".zip":  {"application/zip"},
}

// contentTypes are what evidence is served as, by extension.
var contentTypes = map[string]string{
	".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".gif": "image/gif", ".webp": "image/webp",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".doc":  "application/msword", ".xls": "application/vnd.ms-excel",
	".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".zip": "application/zip",
}

// CheckEvidence checks an uploaded file by name, size and content, and
// returns the content type it is stored and served as.
func CheckEvidence(name string, data []byte) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || !utf8.ValidString(name) || strings.ContainsAny(name, "/\\\x00") || utf8.RuneCountInString(name) > 200 {
		return "", ledger.Errorf(ledger.EInvalid, "文件名 %q 无效", name)
	}
	if len(data) == 0 {
		return "", ledger.Errorf(ledger.EInvalid, "文件 %s 是空文件", name)
	}
	if len(data) > MaxEvidenceBytes {
		return "", ledger.Errorf(ledger.EInvalid, "文件 %s 超过 %d MB 的上限", name, MaxEvidenceBytes>>20)
	}
	ext := strings.ToLower(path.Ext(name))
	sniffs, ok := evidenceTypes[ext]
	if !ok {
		return "", ledger.Errorf(ledger.EInvalid, "文件 %s 的类型不受支持（可上传 PDF、图片、Word、Excel、PPT、文本、ZIP）", name)
	}
	got := http.DetectContentType(data)
	match := false
	for _, s := range sniffs {
		if got == s || (ext == ".txt" || ext == ".csv") && strings.HasPrefix(got, "text/plain") {
			match = true
		}
	}
	if (ext == ".doc" || ext == ".xls") && !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		match = false
	}
	if !match {
		return "", ledger.Errorf(ledger.EInvalid, "文件 %s 的内容（%s）与扩展名 %s 不符", name, got, ext)
	}
	if kind, ok := ooxmlKinds[ext]; ok {
		if err := checkOOXML(data, kind); err != nil {
			return "", ledger.Errorf(ledger.EInvalid, "文件 %s 不是 %s：%v", name, kind.name, err)
		}
	}
	return contentTypes[ext], nil
}

// ooxmlKind is an Office Open XML document kind: what it is called and
// the content type of its main part.
type ooxmlKind struct{ name, main string }

// ooxmlKinds are the Office Open XML kinds accepted, by extension. A zip
// is one only if its [Content_Types].xml names a main part of that type
// and the part is there (so a macro-enabled workbook renamed .xlsx, a
// Word file renamed .xlsx, or any other zip is refused).
var ooxmlKinds = map[string]ooxmlKind{
	".docx": {"Word 文档", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
	".xlsx": {"Excel 工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"},
	".pptx": {"PowerPoint 演示文稿", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"},
}

// maxContentTypes bounds the [Content_Types].xml read (a few KB in real
// files).
const maxContentTypes = 1 << 20

// checkOOXML checks that data is an Office Open XML package of kind.
func checkOOXML(data []byte, kind ooxmlKind) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("不是有效的 Office 文件包（%v）", err)
	}
	parts := map[string]*zip.File{} // by lower-case name: part names are case-insensitive
	for _, f := range zr.File {
		parts[strings.ToLower(f.Name)] = f
	}
	ct := parts["[content_types].xml"]
	if ct == nil {
		return errors.New("缺少 [Content_Types].xml")
	}
	rc, err := ct.Open()
	if err != nil {
		return fmt.Errorf("[Content_Types].xml 无法读取（%v）", err)
	}
	raw, err := io.ReadAll(io.LimitReader(rc, maxContentTypes+1))
	rc.Close()
	if err != nil || len(raw) > maxContentTypes {
		return errors.New("[Content_Types].xml 无法读取或过大")
	}
	var types struct {
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(raw, &types); err != nil {
		return fmt.Errorf("[Content_Types].xml 不是有效的 XML（%v）", err)
	}
	for _, o := range types.Overrides {
		if strings.EqualFold(strings.TrimSpace(o.ContentType), kind.main) {
			if parts[strings.ToLower(strings.TrimPrefix(o.PartName, "/"))] == nil {
				return fmt.Errorf("缺少主体部分 %s", o.PartName)
			}
			return nil
		}
	}
	return errors.New("[Content_Types].xml 中没有该类文档的主体部分")
}

// AddEvidence attaches a file to progress report id of commitment cid,
// while the report can still be changed.
func (s *Service) AddEvidence(ctx context.Context, a Actor, cid, id int64, name string, data []byte) (ledger.Evidence, error) {
	_, r, err := s.report(ctx, a, cid, id, access.ReportProgress)
	if err != nil {
		return ledger.Evidence{}, err
	}
	if !ledger.CanEditReport(r.Status) {
		return ledger.Evidence{}, ledger.Errorf(ledger.EConflict, "该报告已提交，不能再添加佐证材料")
	}
	ct, err := CheckEvidence(name, data)
	if err != nil {
		return ledger.Evidence{}, err
	}
	e := ledger.Evidence{Name: strings.TrimSpace(name), ContentType: ct, Size: int64(len(data))}
	if err := s.Store.AddEvidence(ctx, r.ID, &e, data, a.Login); err != nil {
		return e, err
	}
	s.changed(cid)
	return e, nil
}

// Evidence returns evidence file eid of commitment cid, if a may read the
// commitment and the file belongs to one of its reports.
func (s *Service) Evidence(ctx context.Context, a Actor, cid, eid int64) (ledger.Evidence, []byte, error) {
	c, err := s.commitment(ctx, a, cid, access.ViewInternal)
	if err != nil {
		return ledger.Evidence{}, nil, err
	}
	reps, err := s.Store.ProgressReports(ctx, c.ID)
	if err != nil {
		return ledger.Evidence{}, nil, err
	}
	for _, r := range reps {
		for _, e := range r.Evidence {
			if e.ID == eid {
				return s.Store.EvidenceData(ctx, eid)
			}
		}
	}
	return ledger.Evidence{}, nil, ledger.Errorf(ledger.ENotFound, "佐证材料 %d 不存在", eid)
}

// Reuse is where else a file of evidence is attached: one document counted
// for two reports, or last period's photo sent again.
type Reuse struct {
	Uses   []ledger.EvidenceUse // the other attachments the actor may see, oldest first
	Hidden int                  // the other attachments on commitments the actor may not see (pages say only that there are some)
}

// reuses returns, by evidence ID, where else the files of reps are
// attached, as a may know it.
func (s *Service) reuses(ctx context.Context, a Actor, reps []ledger.ProgressReport) (map[int64]Reuse, error) {
	bySum, err := s.attachments(ctx, reps)
	if err != nil || len(bySum) == 0 {
		return nil, err
	}
	visible := map[int64]bool{} // by commitment, for a reporter
	var out map[int64]Reuse
	for _, r := range reps {
		for _, e := range r.Evidence {
			var ru Reuse
			for _, u := range bySum[e.SHA256] {
				if u.Evidence.ID == e.ID {
					continue
				}
				see, known := visible[u.CommitmentID]
				if !known {
					see = a.Role != access.Reporter || u.CommitmentID == r.CommitmentID
					if !see {
						_, err := s.commitment(ctx, a, u.CommitmentID, access.ViewInternal)
						see = err == nil
					}
					visible[u.CommitmentID] = see
				}
				if see {
					ru.Uses = append(ru.Uses, u)
				} else {
					ru.Hidden++
				}
			}
			if len(ru.Uses)+ru.Hidden > 0 {
				if out == nil {
					out = map[int64]Reuse{}
				}
				out[e.ID] = ru
			}
		}
	}
	return out, nil
}

// attachments returns every attachment of the (non-empty) evidence files of
// reps, by file (SHA-256).
func (s *Service) attachments(ctx context.Context, reps []ledger.ProgressReport) (map[string][]ledger.EvidenceUse, error) {
	var sums []string
	for _, r := range reps {
		for _, e := range r.Evidence {
			if e.Size > 0 {
				sums = append(sums, e.SHA256)
			}
		}
	}
	if len(sums) == 0 {
		return nil, nil
	}
	uses, err := s.Store.EvidenceUses(ctx, sums)
	if err != nil {
		return nil, err
	}
	bySum := map[string][]ledger.EvidenceUse{}
	for _, u := range uses {
		bySum[u.Evidence.SHA256] = append(bySum[u.Evidence.SHA256], u)
	}
	return bySum, nil
}

// ReuseWarning is the warning for the unit that attached e, when the same
// file is attached elsewhere too (where, or how often, it is not told:
// that may be another unit's).
func (s *Service) ReuseWarning(ctx context.Context, e ledger.Evidence) (progress.Problem, bool, error) {
	if e.Size == 0 {
		return progress.Problem{}, false, nil
	}
	uses, err := s.Store.EvidenceUses(ctx, []string{e.SHA256})
	if err != nil || len(uses) < 2 {
		return progress.Problem{}, false, err
	}
	return progress.Problem{Field: "evidence", Message: fmt.Sprintf("文件「%s」此前已作为佐证材料上传过，请确认它与本期进展相符",
		e.Name)}, true, nil
}
