package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"

	"ducha/ledger"
	"ducha/tasksheet"
)

// MaxTaskSheetBytes bounds an uploaded 任务分解表: the sheet of a whole
// report is some tens of KB; the file is kept in the session between the
// preview and the apply.
const MaxTaskSheetBytes = 2 << 20

// Session keys of an uploaded sheet waiting to be applied.
const (
	sessSheet       = "tasksheet.data" // base64 of the file
	sessSheetName   = "tasksheet.name"
	sessSheetReport = "tasksheet.report"
)

// uploadData is what the upload page shows.
type uploadData struct {
	Report  *ledger.Report
	Plan    *tasksheet.Plan
	Errors  []tasksheet.CellError
	Message string // a problem with the upload itself
	Max     int    // MB
}

// tasksUploadPage shows the form to upload an edited task sheet.
func (s *Server) tasksUploadPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, rq, "tasks_upload", http.StatusOK, uploadData{Report: rep, Max: MaxTaskSheetBytes >> 20})
	return nil
}

// postTasksUpload reads an uploaded sheet and shows what it would change
// and every problem; nothing is applied. A sheet without problems is kept
// in the session for postTasksApply.
func (s *Server) postTasksUpload(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	d := uploadData{Report: rep, Max: MaxTaskSheetBytes >> 20}
	s.sessions.Remove(ctx, sessSheet)
	if rep == nil {
		d.Message = "尚未导入报告"
		s.render(w, r, rq, "tasks_upload", http.StatusUnprocessableEntity, d)
		return nil
	}
	name, raw, msg := uploadedSheet(r)
	if msg != "" {
		d.Message = msg
		s.render(w, r, rq, "tasks_upload", http.StatusUnprocessableEntity, d)
		return nil
	}
	plan, err := s.svc.PreviewTaskSheet(ctx, rq.Actor, rep.ID, name, raw)
	var se *tasksheet.SheetError
	if errors.As(err, &se) {
		d.Errors = se.Errors
		s.render(w, r, rq, "tasks_upload", http.StatusUnprocessableEntity, d)
		return nil
	}
	if err != nil {
		return err
	}
	d.Plan = plan
	if len(plan.Changes) > 0 {
		s.sessions.Put(ctx, sessSheet, base64.StdEncoding.EncodeToString(raw))
		s.sessions.Put(ctx, sessSheetName, name)
		s.sessions.Put(ctx, sessSheetReport, rep.ID)
	}
	s.render(w, r, rq, "tasks_upload", http.StatusOK, d)
	return nil
}

// uploadedSheet reads the file of field "sheet", or says what is wrong.
func uploadedSheet(r *http.Request) (name string, raw []byte, msg string) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["sheet"]) == 0 {
		return "", nil, "请选择要上传的任务分解表（xlsx 或 csv）"
	}
	fh := r.MultipartForm.File["sheet"][0]
	if fh.Size > MaxTaskSheetBytes {
		return fh.Filename, nil, "文件 " + fh.Filename + " 超过 " + strconv.Itoa(MaxTaskSheetBytes>>20) + " MB 的上限"
	}
	f, err := fh.Open()
	if err != nil {
		return fh.Filename, nil, "无法读取上传的文件"
	}
	defer f.Close()
	raw, err = io.ReadAll(io.LimitReader(f, MaxTaskSheetBytes+1))
	if err != nil {
		return fh.Filename, nil, "无法读取上传的文件"
	}
	if len(raw) > MaxTaskSheetBytes {
		return fh.Filename, nil, "文件 " + fh.Filename + " 超过 " + strconv.Itoa(MaxTaskSheetBytes>>20) + " MB 的上限"
	}
	return fh.Filename, raw, ""
}

// postTasksApply applies the sheet previewed in this session: the same
// file (its checksum is in the form) read to the same changes (their
// digest is in the form), else nothing.
func (s *Server) postTasksApply(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	enc := s.sessions.GetString(ctx, sessSheet)
	name := s.sessions.GetString(ctx, sessSheetName)
	reportID := s.sessions.GetInt64(ctx, sessSheetReport)
	raw, err := base64.StdEncoding.DecodeString(enc)
	if enc == "" || err != nil || reportID == 0 {
		return ledger.Errorf(ledger.EConflict, "没有待导入的任务分解表（预览已过期或已导入），请重新上传")
	}
	sum := sha256.Sum256(raw)
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(r.PostFormValue("sum"))) != 1 {
		return ledger.Errorf(ledger.EConflict, "提交的文件与预览的文件不同，未导入任何修改；请重新上传")
	}
	digest := r.PostFormValue("digest")
	if digest == "" {
		return ledger.Errorf(ledger.EInvalid, "缺少预览的校验值，请重新上传")
	}
	plan, err := s.svc.ApplyTaskSheet(ctx, rq.Actor, reportID, name, raw, digest)
	if err != nil {
		return err
	}
	s.sessions.Remove(ctx, sessSheet)
	s.sessions.Remove(ctx, sessSheetName)
	s.sessions.Remove(ctx, sessSheetReport)
	s.flash(r, "已导入任务分解表 "+name+"："+strconv.Itoa(len(plan.Changes))+" 项修改")
	http.Redirect(w, r, "/commitments", http.StatusSeeOther)
	return nil
}
