package supervise

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"ducha/access"
	"ducha/ledger"
	"ducha/tasksheet"
)

// Audit actions of splitting a commitment into sub-tasks.
const (
	ActionSplit   = "commitment.split"   // on the parent: the sub-tasks made
	ActionUnsplit = "commitment.unsplit" // on the parent: the sub-tasks removed
	ActionSubTask = "commitment.add"     // on each new sub-task: its cells
)

// Limits of a split.
const (
	maxSubTasks   = 30
	maxTitleRunes = ledger.MaxTitleLen // a sub-task is a commitment: 任务内容
)

// splitRecord is what the audit entries of a split hold.
type splitRecord struct {
	By    string   `json:"by,omitempty"`
	Login string   `json:"login,omitempty"`
	Codes []string `json:"codes"`
}

// SplitTask splits commitment id into sub-tasks, one per title, coded
// id's code plus .N after its existing sub-tasks (as the task sheet adds
// them): each shares its parent's kind, section, category, assignment
// and deadline, to be edited after. The office only; audited on the
// parent and on each sub-task; UndoSplit takes it back while the
// sub-tasks are untouched.
func (s *Service) SplitTask(ctx context.Context, a Actor, id int64, titles []string) ([]ledger.Commitment, error) {
	c, err := s.commitment(ctx, a, id, access.EditLedger)
	if err != nil {
		return nil, err
	}
	var clean []string
	var problems []FieldError
	for _, t := range titles {
		t = strings.Join(strings.Fields(t), " ")
		switch {
		case t == "":
			continue
		case utf8.RuneCountInString(t) > maxTitleRunes:
			problems = append(problems, FieldError{Field: "titles", Message: "子任务 “" + string([]rune(t)[:20]) + "…” 超过" + strconv.Itoa(maxTitleRunes) + "字"})
		}
		clean = append(clean, t)
	}
	switch {
	case len(clean) == 0:
		problems = append(problems, FieldError{Field: "titles", Message: "请填写子任务，每行一项"})
	case len(clean) > maxSubTasks:
		problems = append(problems, FieldError{Field: "titles", Message: "一次最多拆分为" + strconv.Itoa(maxSubTasks) + "项子任务"})
	}
	if len(problems) > 0 {
		return nil, &InputError{Fields: problems}
	}
	if c.Kind != ledger.KindTarget {
		return nil, ledger.Errorf(ledger.EInvalid, "%s 是回顾部分的已完成事项，不能拆分", c.Code)
	}
	all, err := s.Store.Commitments(ctx, c.ReportID)
	if err != nil {
		return nil, err
	}
	next := 1
	for _, x := range all {
		rest, ok := strings.CutPrefix(x.Code, c.Code+".")
		if n, err := strconv.Atoi(rest); ok && err == nil && n >= next {
			next = n + 1
		}
	}
	subs := make([]ledger.Commitment, len(clean))
	codes := make([]string, len(clean))
	for i, t := range clean {
		code := c.Code + "." + strconv.Itoa(next+i)
		as := c.Assignment
		as.Cooperating = append([]string(nil), as.Cooperating...)
		subs[i] = ledger.Commitment{Code: code, ParentCode: c.Code, Kind: c.Kind, Title: t,
			Section: append([]string(nil), c.Section...), Category: c.Category, Lead: c.Lead, Period: c.Period,
			DeadlineText: c.DeadlineText, Deadline: c.Deadline, Assignment: as}
		codes[i] = code
	}
	name := a.Name
	if name == "" {
		name = a.Login
	}
	after, _ := json.Marshal(splitRecord{By: name, Login: a.Login, Codes: codes})
	err = s.Store.ApplyTasksAudited(ctx, c.ReportID, subs, func(w []ledger.Commitment) []ledger.AuditEntry {
		es := []ledger.AuditEntry{{Actor: a.Login, Action: ActionSplit, Entity: "commitment", Ref: itoa(c.ID), After: string(after)}}
		for i := range w {
			es = append(es, planAudit(a, ActionSubTask, w[i], tasksheet.Diff(nil, w[i]), "拆分 "+c.Code))
			subs[i].ID, subs[i].ReportID = w[i].ID, w[i].ReportID
		}
		return es
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return subs, nil
}

// UndoSplit removes the sub-tasks the latest split of commitment id made
// (those still in the ledger), if none of them was dispatched or has
// reports, 督办单, comments or sub-tasks of its own; audited.
func (s *Service) UndoSplit(ctx context.Context, a Actor, id int64) ([]string, error) {
	c, err := s.commitment(ctx, a, id, access.EditLedger)
	if err != nil {
		return nil, err
	}
	es, err := s.Store.Audit(ctx, "commitment", itoa(c.ID), 0)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Commitments(ctx, c.ReportID)
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for _, x := range all {
		exists[x.Code] = true
	}
	var codes []string
	for _, e := range es { // newest first
		if e.Action != ActionSplit {
			continue
		}
		var r splitRecord
		if json.Unmarshal([]byte(e.After), &r) != nil {
			continue
		}
		for _, code := range r.Codes {
			if exists[code] {
				codes = append(codes, code)
			}
		}
		if len(codes) > 0 {
			break
		}
	}
	if len(codes) == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "%s 没有可撤销的拆分", c.Code)
	}
	name := a.Name
	if name == "" {
		name = a.Login
	}
	before, _ := json.Marshal(splitRecord{Codes: codes})
	after, _ := json.Marshal(splitRecord{By: name, Login: a.Login, Codes: []string{}})
	entry := ledger.AuditEntry{Actor: a.Login, Action: ActionUnsplit, Entity: "commitment", Ref: itoa(c.ID), Before: string(before), After: string(after)}
	if err := s.Store.DeleteTasks(ctx, c.ReportID, codes, []ledger.AuditEntry{entry}); err != nil {
		return nil, err
	}
	s.changed()
	return codes, nil
}
