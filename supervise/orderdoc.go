package supervise

import (
	"context"
	"fmt"
	"strings"

	"ducha/ledger"
)

// OrderDocument is a 督办单 laid out as an official document: the issuing
// office, its number (文号), the unit it is addressed to (主送单位), the
// matter supervised (督办事项) with where the commitment stands, the
// requirement (办理要求), the reply deadline (回复时限), the signature (落款)
// and the date.
type OrderDocument struct {
	Title       string // 督办通知单
	No          string // 督〔2024〕12号
	To          string // 主送单位
	Matter      string // 督办事项
	Standing    string // where the commitment stands when printed
	Requirement string // 办理要求
	ReplyBy     string // 回复时限, 2024年9月20日
	Reply       string // the unit's reply, if any
	Issuer      string // 落款: 示例区人民政府督查室
	Date        string // 2024年9月15日
	Level       int    // 1 for the first order; escalations raise it
}

// OrderDocument returns the 督办单 oid of commitment cid as a document, if
// a may read the commitment (Detail checks it). It is ENotFound when the order is not the
// commitment's.
func (s *Service) OrderDocument(ctx context.Context, a Actor, cid, oid int64) (OrderDocument, error) {
	d, err := s.Detail(ctx, a, cid)
	if err != nil {
		return OrderDocument{}, err
	}
	var o *ledger.SupervisionOrder
	for i := range d.Orders {
		if d.Orders[i].ID == oid {
			o = &d.Orders[i]
		}
	}
	if o == nil {
		return OrderDocument{}, ledger.Errorf(ledger.ENotFound, "督办单 %d 不存在", oid)
	}
	c := d.Item.Commitment
	issuer := "督查室"
	if ref, ok, err := s.Report(ctx, c.ReportID); err != nil {
		return OrderDocument{}, err
	} else if ok && ref.Government.Name != "" {
		issuer = ref.Government.Name + "人民政府督查室"
	}
	title := "督办通知单"
	if o.Level > 1 {
		title = fmt.Sprintf("督办通知单（第%d次督办）", o.Level)
	}
	doc := OrderDocument{
		Title: title, No: o.No, To: o.Unit, Requirement: strings.TrimSpace(o.Requirement),
		ReplyBy: o.ReplyBy.Format("2006年1月2日") + "前", Issuer: issuer, Date: o.IssuedAt.Format("2006年1月2日"), Level: o.Level,
		Matter:   fmt.Sprintf("%s（编码%s，完成时限%s）", c.Title, c.Code, deadlineText(c)),
		Standing: d.Item.Result.Status.Label("zh") + "，" + d.Item.Standing("zh"),
	}
	if !o.RepliedAt.IsZero() {
		doc.Reply = strings.TrimSpace(o.Reply) + "（" + o.RepliedAt.Format("2006年1月2日") + "回复）"
	}
	return doc, nil
}
