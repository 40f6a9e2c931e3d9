package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"ducha/document"
	"ducha/importer"
	"ducha/ledger"
)

// MaxReportUploadBytes bounds an uploaded work report (TXT, HTML, DOCX
// or PDF): the limit of the request body, below document's own.
const MaxReportUploadBytes = 20 << 20

// reportUploadData is what the report upload page shows.
type reportUploadData struct {
	Message string // what was wrong with the upload
	Max     int    // MB
}

// reportUploadPage shows the form to import a government work report.
func (s *Server) reportUploadPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	s.render(w, r, rq, "report_upload", http.StatusOK, reportUploadData{Max: MaxReportUploadBytes >> 20})
	return nil
}

// postReportUpload imports an uploaded report as `ducha import report`
// does (government and year from its text, lead units suggested from the
// units directory), writes an audit entry and opens its commitments.
func (s *Server) postReportUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	d := reportUploadData{Max: MaxReportUploadBytes >> 20}
	name, raw, msg := uploadedReport(r)
	if msg != "" {
		d.Message = msg
		s.render(w, r, rq, "report_upload", http.StatusUnprocessableEntity, d)
		return nil
	}
	im := &importer.Importer{Store: s.store, MaxBytes: MaxReportUploadBytes, Now: s.now}
	res, err := im.ImportReportData(ctx, name, raw, importer.ReportOptions{})
	var de *document.Error
	if errors.As(err, &de) || ledger.ErrorCode(err) == ledger.EInvalid {
		d.Message = err.Error()
		s.render(w, r, rq, "report_upload", http.StatusUnprocessableEntity, d)
		return nil
	}
	if err != nil {
		return err
	}
	s.svc.Forget()
	ref := strconv.FormatInt(res.ReportID, 10)
	after, _ := json.Marshal(map[string]any{"file": name, "government": res.Government, "year": res.Year,
		"commitments": res.Commitments, "suggested": res.Suggested, "replaced": res.Replaced})
	if res.Unchanged {
		s.flash(r, fmt.Sprintf("%s 已导入过，未作修改", name))
	} else {
		s.store.AppendAudit(ctx, ledger.AuditEntry{At: s.now(), Actor: rq.Actor.Login, Action: "report.import",
			Entity: "report", Ref: ref,
			After: string(after)})
		s.flash(r, fmt.Sprintf("已导入%s%d年政府工作报告：%d 项事项（%d 项有量化目标），%d 项已建议牵头单位",
			res.Government, res.Year, res.Commitments, res.Quantified, res.Suggested))
	}
	s.sessions.Put(ctx, "report", res.ReportID)
	http.Redirect(w, r, "/commitments?report="+ref, http.StatusSeeOther)
	return nil
}

// uploadedReport reads the file of field "report", or says what is wrong.
func uploadedReport(r *http.Request) (name string, raw []byte, msg string) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["report"]) == 0 {
		return "", nil, "请选择要导入的政府工作报告（txt、docx、pdf 或 html）"
	}
	fh := r.MultipartForm.File["report"][0]
	tooBig := "文件 " + fh.Filename + " 超过 " + strconv.Itoa(MaxReportUploadBytes>>20) + " MB 的上限"
	if fh.Size > MaxReportUploadBytes {
		return fh.Filename, nil, tooBig
	}
	f, err := fh.Open()
	if err != nil {
		return fh.Filename, nil, "无法读取上传的文件"
	}
	defer f.Close()
	raw, err = io.ReadAll(io.LimitReader(f, MaxReportUploadBytes+1))
	if err != nil {
		return fh.Filename, nil, "无法读取上传的文件"
	}
	if len(raw) > MaxReportUploadBytes {
		return fh.Filename, nil, tooBig
	}
	return fh.Filename, raw, ""
}
