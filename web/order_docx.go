package web

import (
	"bytes"
	"net/http"
	"net/url"

	"ducha/internal/docx"
	"ducha/supervise"
)

// OrderBlocks lays a 督办单 out as an official document: the number under
// the title, the addressee, the matter and where it stands, the
// requirement, the reply deadline, then the issuing office and the date
// at the right.
func OrderBlocks(d supervise.OrderDocument) []docx.Block {
	bs := []docx.Block{
		{Text: d.No, Align: "center"},
		{Label: "主送单位：", Text: d.To, Align: "left"},
		{Label: "督办事项：", Text: d.Matter},
		{Label: "当前进展：", Text: d.Standing},
		{Label: "办理要求：", Text: d.Requirement},
		{Label: "回复时限：", Text: d.ReplyBy + "将办理情况书面报送督查室。"},
	}
	if d.Reply != "" {
		bs = append(bs, docx.Block{Label: "办理回复：", Text: d.Reply})
	}
	return append(bs, docx.Block{Text: d.Issuer, Align: "right"}, docx.Block{Text: d.Date, Align: "right"})
}

// orderDocument serves a 督办单 as a DOCX to print and send.
func (s *Server) orderDocument(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	oid, err := idParam(r, "oid")
	if err != nil {
		return err
	}
	d, err := s.svc.OrderDocument(r.Context(), rq.Actor, id, oid)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, d.Title, OrderBlocks(d)); err != nil {
		return err
	}
	name := "督办通知单"
	if d.No != "" {
		name += "-" + d.No
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name+".docx"))
	_, err = w.Write(buf.Bytes())
	return err
}
