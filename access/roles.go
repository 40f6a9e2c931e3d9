package access

import "slices"

// Role of a user.
type Role string

// Roles.
const (
	Admin      Role = "admin"      // manages users and settings, does everything
	Supervisor Role = "supervisor" // 督查室: dispatches, reviews, issues 督办单
	Leader     Role = "leader"     // reads everything, comments, orders 督办
	Reporter   Role = "reporter"   // a unit's reporter: only its own commitments
	Public     Role = "public"     // no login: public pages only
)

// Roles lists the roles that can be given to a user account.
var Roles = []Role{Admin, Supervisor, Leader, Reporter}

// ValidRole reports whether r can be given to a user.
func ValidRole(r Role) bool { return slices.Contains(Roles, r) }

// Label names a role in Chinese or English.
func (r Role) Label(lang string) string {
	zh := map[Role]string{Admin: "系统管理员", Supervisor: "督查室", Leader: "领导", Reporter: "单位填报员", Public: "公众"}
	en := map[Role]string{Admin: "Administrator", Supervisor: "Supervision office", Leader: "Leader", Reporter: "Unit reporter", Public: "Public"}
	if len(lang) >= 2 && lang[:2] == "zh" {
		return zh[r]
	}
	return en[r]
}

// Action is something a user does.
type Action string

// Actions, from reading to administering.
const (
	ViewPublic       Action = "view_public"       // public pages and open data
	ViewInternal     Action = "view_internal"     // internal pages of a commitment
	Acknowledge      Action = "acknowledge"       // 签收 a dispatched commitment
	ReportProgress   Action = "report_progress"   // 填报 progress, upload evidence
	AddNote          Action = "add_note"          // a cooperating unit's note to the lead
	Comment          Action = "comment"           // a leader's or supervisor's comment
	Dispatch         Action = "dispatch"          // 交办 to the lead unit
	Review           Action = "review"            // 复核: approve or return a report
	Close            Action = "close"             // 办结/销号
	OrderSupervision Action = "order_supervision" // issue a 督办单
	ReplySupervision Action = "reply_supervision" // the unit's reply to a 督办单
	EditLedger       Action = "edit_ledger"       // assignments, deadlines, milestones, task sheets
	Export           Action = "export"            // internal exports (任务分解表, 考核表)
	HoldAccountable  Action = "hold_accountable"  // 责任追究: open, correct and dismiss (the office)
	ManageUsers      Action = "manage_users"
	ManageSettings   Action = "manage_settings"
)

// Subject is who acts.
type Subject struct {
	Role Role
	Unit string // the reporter's unit (full name); empty for other roles
}

// Object is the commitment acted on: its lead and cooperating units. The
// zero Object stands for actions that concern no single commitment.
type Object struct {
	Lead        string
	Cooperating []string
}

// Allowed reports whether s may do a on o. A reporter acts only on the
// commitments its unit leads; a cooperating unit may read them and add
// notes, nothing more.
func Allowed(s Subject, a Action, o Object) bool {
	if a == ViewPublic {
		return true
	}
	switch s.Role {
	case Admin:
		return true
	case Supervisor:
		switch a {
		case ManageUsers, ManageSettings, Acknowledge, ReportProgress, AddNote, ReplySupervision:
			return false
		}
		return true
	case Leader:
		switch a {
		case ViewInternal, Comment, OrderSupervision, Export:
			return true
		}
		return false
	case Reporter:
		if s.Unit == "" {
			return false
		}
		lead := o.Lead != "" && o.Lead == s.Unit
		coop := slices.Contains(o.Cooperating, s.Unit)
		switch a {
		case ViewInternal:
			return lead || coop
		case Acknowledge, ReportProgress, ReplySupervision:
			return lead
		case AddNote:
			return coop
		}
		return false
	}
	return false
}
